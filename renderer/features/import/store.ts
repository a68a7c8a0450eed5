/**
 * UI state of the import wizard: the step, the parsed file and its mapping, the validation, the plan
 * choices and the progress. The rows here are the FILE's, never copies of Dexie rows.
 */
import { create } from 'zustand';
import type { PlanResolution } from './diff';
import type { FileSummary } from './file-holder';
import { emptyMapping, hubsoftMapping, looksLikeHubsoft, type ColumnMapping } from '../../../shared/import/parse';
import type { Validation } from '../../../shared/import/validate';

export type Preset = 'hubsoft' | 'generic';
export type Step = 'file' | 'columns' | 'preview' | 'apply';

type ImportState = {
  step: Step;
  /** The file's headers and counts; its rows stay with the import reader (a worker). */
  file: FileSummary | null;
  preset: Preset;
  mapping: ColumnMapping;
  validation: Validation | null;
  resolution: PlanResolution;
  /** records written of the total, and when the writing started (performance.now()) for the time left */
  progress: { done: number; total: number; startedAt: number } | null;
  result: { summary: string; at: string } | null;
  error: string | null;
  loadFile: (file: FileSummary) => void;
  setPreset: (preset: Preset) => void;
  setMapping: (mapping: ColumnMapping) => void;
  showPreview: (validation: Validation, resolution: PlanResolution) => void;
  setResolution: (resolution: PlanResolution) => void;
  setStep: (step: Step) => void;
  setProgress: (progress: { done: number; total: number } | null) => void;
  finish: (summary: string) => void;
  fail: (message: string | null) => void;
  reset: () => void;
};

const initial = {
  step: 'file' as Step,
  file: null,
  preset: 'hubsoft' as Preset,
  mapping: emptyMapping(),
  validation: null,
  resolution: {},
  progress: null,
  result: null,
  error: null,
};

export const useImport = create<ImportState>()((set, get) => ({
  ...initial,
  loadFile: (file) => {
    // Even a non-HubSoft file starts with the columns whose names are recognisable.
    const preset: Preset = looksLikeHubsoft(file.headers) ? 'hubsoft' : 'generic';
    set({ ...initial, file, preset, mapping: hubsoftMapping(file.headers), step: 'columns' });
  },
  setPreset: (preset) => {
    const file = get().file;
    // Generic: the office picks each column itself.
    set({ preset, mapping: file && preset === 'hubsoft' ? hubsoftMapping(file.headers) : emptyMapping() });
  },
  setMapping: (mapping) => set({ mapping, preset: 'generic' }),
  showPreview: (validation, resolution) => set({ validation, resolution, step: 'preview', error: null }),
  setResolution: (resolution) => set({ resolution }),
  setStep: (step) => set({ step, error: null }),
  setProgress: (progress) => set({ progress: progress && { ...progress, startedAt: get().progress?.startedAt ?? performance.now() } }),
  finish: (summary) => set({ result: { summary, at: new Date().toISOString() }, progress: null }),
  fail: (error) => set({ error, progress: null }),
  reset: () => set({ ...initial }),
}));
