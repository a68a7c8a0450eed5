import { create } from 'zustand';
import type { RunProgress } from '../../../shared/contract';
import { emptyCounts, type LinkPlan, type LinkStateCounts } from '../../../shared/domain';
import type { PassSummary } from './summary';

/** Why a pass runs. 'manual' and 'retry' are the office's own clicks: they also resend permanent errors. */
export type Trigger = 'edit' | 'import' | 'reconnect' | 'schedule' | 'manual' | 'start' | 'retry' | 'auto-retry' | 'after-run';

export type Preview = {
  plans: LinkPlan[];
  summary: PassSummary;
  trigger: Trigger;
  /** linkId → customer name, for "for whom". */
  names: Record<string, string>;
};

type TransmissionState = {
  passing: boolean;
  /** A pass over the threshold waits here for the office's confirmation. */
  preview: Preview | null;
  runs: Record<string, RunProgress>;
  /** Integrations whose run.start is on its way: their links marked in flight are being sent. */
  starting: string[];
  /**
   * How many links are in each state (link-states.ts): the one set of numbers every screen shows.
   * `version` moves whenever any link's state does; `ready` once the first pass has counted.
   */
  linkStates: { version: number; counts: LinkStateCounts; ready: boolean };
  /** Why the last pass did not send (offline, host error); shown in the screen. */
  notice: string | null;
};

/** UI state of transmission: never a copy of Dexie rows, only what the passes computed and runs in flight. */
export const useTransmission = create<TransmissionState>(() => ({
  passing: false,
  preview: null,
  runs: {},
  starting: [],
  linkStates: { version: 0, counts: emptyCounts(), ready: false },
  notice: null,
}));
