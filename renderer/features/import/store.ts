/**
 * UI state of the import wizard: the step, what the host found in the file (its session), the
 * column mapping, the host's preview, the plan choices and the progress. The file's rows stay in
 * the host's import session; nothing here is a copy of the office's record.
 */
import { create } from 'zustand';
import type { ImportFile, ImportPreview } from '../../../shared/contract';
import type { PlanChoice } from '../../../shared/import/diff';
import { recognizedMapping } from '../../../shared/import/columns';
import { emptyMapping, hubsoftMapping, type ColumnMapping } from '../../../shared/import/parse';
import type { ApplyProgress } from './host-import';

export type Preset = 'hubsoft' | 'generic';
export type Step = 'file' | 'columns' | 'preview' | 'apply';

/** A refused or failed write: the host's message, and whether the file must be chosen again. */
export type ImportFailure = { message: string; fileGone: boolean; canceled: boolean };

type ImportState = {
  step: Step;
  file: ImportFile | null;
  preset: Preset;
  mapping: ColumnMapping;
  preview: ImportPreview | null;
  /** the office's plan choices by plan name in the file; the others keep the host's default */
  plans: Record<string, PlanChoice>;
  /** records written of the total, per phase, and when the writing started (performance.now()) */
  progress: (ApplyProgress & { startedAt: number }) | null;
  result: { summary: string; written: boolean } | null;
  error: ImportFailure | null;
  loadFile: (file: ImportFile) => void;
  setPreset: (preset: Preset) => void;
  setMapping: (mapping: ColumnMapping) => void;
  showPreview: (preview: ImportPreview, plans: Record<string, PlanChoice>) => void;
  setStep: (step: Step) => void;
  setProgress: (progress: ApplyProgress | null) => void;
  finish: (result: { summary: string; written: boolean }) => void;
  fail: (error: ImportFailure) => void;
  reset: () => void;
};

const initial = {
  step: 'file' as Step,
  file: null,
  preset: 'hubsoft' as Preset,
  mapping: emptyMapping(),
  preview: null,
  plans: {},
  progress: null,
  result: null,
  error: null,
};

export const useImport = create<ImportState>()((set, get) => ({
  ...initial,
  // The host proposes the mapping: the HubSoft columns, or the ones whose names it recognised.
  loadFile: (file) => set({ ...initial, file, preset: file.preset, mapping: file.mapping, step: 'columns' }),
  setPreset: (preset) => {
    const file = get().file;
    // Generic: the columns whose titles HubSoft, IXC or MK give them, and the office changes the rest.
    set({ preset, mapping: !file ? emptyMapping() : preset === 'hubsoft' ? hubsoftMapping(file.headers) : recognizedMapping(file.headers) });
  },
  setMapping: (mapping) => set({ mapping, preset: 'generic' }),
  showPreview: (preview, plans) => set({ preview, plans, step: 'preview', error: null }),
  setStep: (step) => set({ step, error: null }),
  setProgress: (progress) => set({ progress: progress && { ...progress, startedAt: get().progress?.startedAt ?? performance.now() } }),
  finish: (result) => set({ result, progress: null }),
  fail: (error) => set({ error, progress: null }),
  reset: () => set({ ...initial }),
}));
