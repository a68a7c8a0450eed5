import { create } from 'zustand';
import type { RunProgress } from '../../../shared/contract';
import type { LinkPlan, OperationKind } from '../../../shared/domain';
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
  /** linkId → the steps the last plan has for it: the "Pendente" of the Transmissões screen. */
  pending: Record<string, OperationKind[]>;
  pendingCount: number;
  passing: boolean;
  /** A pass over the threshold waits here for the office's confirmation. */
  preview: Preview | null;
  runs: Record<string, RunProgress>;
  /** Why the last pass did not send (offline, host error); shown in the screen. */
  notice: string | null;
};

/** UI state of transmission: never a copy of Dexie rows, only what the last pass computed and runs in flight. */
export const useTransmission = create<TransmissionState>(() => ({
  pending: {},
  pendingCount: 0,
  passing: false,
  preview: null,
  runs: {},
  notice: null,
}));
