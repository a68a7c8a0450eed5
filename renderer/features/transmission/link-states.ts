/**
 * Every link's state (shared/domain/link-state.ts) and the counts of each state: the one set of
 * numbers the Transmissões filters and rows, the status bar and the Painel show.
 *
 * Why the counters used to be stale after a run: the screens counted observed states straight from
 * Dexie (fresh) and "Pendente" from the last pass (computed again only after the run's results were
 * flushed and the whole record re-read and re-planned), and they counted different things (a failed
 * link was both Pendente and Erro). Now one table of per-link facts is rebuilt by each pass and
 * patched by every write that changes a link (the in-flight mark, each result, a run that stops),
 * right after the write commits; the states and counts are derived from it by the one function.
 */
import {
  countLinkStates,
  emptyCounts,
  linkState,
  type LicenceState,
  type LinkState,
  type LinkStateCode,
  type LinkStateCounts,
  type ObservedState,
  type OperationKind,
} from '../../../shared/domain';
import { useTransmission } from './store';

type Facts = {
  observed: ObservedState;
  removed: boolean;
  desired: LicenceState | undefined;
  /** the steps the last pass planned (data changes only the planner sees); dropped when they converge */
  planned?: readonly OperationKind[];
  integrationId: string | undefined;
};

const facts = new Map<string, Facts>();
const states = new Map<string, LinkState>();
let counts: LinkStateCounts = emptyCounts();
/** Links written since a pass read its snapshot: the pass must not put their older facts back. */
const touched = new Map<string, number>();
let generation = 0;

/** Whether a run of the integration is sending now (or being started). */
export function runLive(integrationId: string | undefined): boolean {
  if (integrationId === undefined) return false;
  const s = useTransmission.getState();
  return s.runs[integrationId]?.status === 'running' || s.starting.includes(integrationId);
}

function derive(f: Facts): LinkState {
  return linkState({ observed: f.observed, removed: f.removed, desired: f.desired, planned: f.planned, runLive: runLive(f.integrationId) });
}

function publish(): void {
  useTransmission.setState((s) => ({ linkStates: { version: s.linkStates.version + 1, counts: { ...counts }, ready: true } }));
}

/** A pass is about to read the record: writes from now on are newer than what it reads. */
export function beginSnapshot(): number {
  return ++generation;
}

export type LinkFacts = Facts & { id: string };

/** The pass's view of every link (after its own bookkeeping), as of the snapshot `gen`. */
export function rebuild(all: Iterable<LinkFacts>, gen: number): void {
  const next = new Map<string, Facts>();
  for (const { id, ...f } of all) {
    const newer = (touched.get(id) ?? -1) >= gen ? facts.get(id) : undefined;
    // a link written meanwhile keeps its newer observed state (and plan); what is wanted comes from the pass
    next.set(id, newer ? { ...f, observed: newer.observed, planned: newer.planned } : f);
  }
  for (const [id, at] of touched) if (at < gen) touched.delete(id);
  facts.clear();
  states.clear();
  for (const [id, f] of next) {
    facts.set(id, f);
    states.set(id, derive(f));
  }
  counts = countLinkStates(states.values());
  publish();
}

/**
 * Links whose observed state was just written (in-flight marks, results, a rollback). `converged`:
 * the plan the last pass had for it landed whole, so nothing of it is still planned.
 */
export function patchObserved(updates: Iterable<{ id: string; observed: ObservedState; converged?: boolean }>): void {
  let changed = false;
  for (const { id, observed, converged } of updates) {
    touched.set(id, generation);
    const f = facts.get(id);
    if (!f) continue; // a link no pass has seen yet: the next pass brings it in
    f.observed = observed;
    if (converged) f.planned = undefined;
    changed = rederive(id, f) || changed;
  }
  if (changed) publish();
}

/** The run of an integration started or stopped: its in-flight links are Enviando, or Pendente again. */
export function runChanged(integrationId: string): void {
  let changed = false;
  for (const [id, f] of facts) if (f.integrationId === integrationId) changed = rederive(id, f) || changed;
  if (changed) publish();
}

function rederive(id: string, f: Facts): boolean {
  const before = states.get(id);
  const after = derive(f);
  states.set(id, after);
  if (before?.code === after.code && before.action === after.action && before.interrupted === after.interrupted) return false;
  if (before) counts[before.code]--;
  counts[after.code]++;
  return true;
}

export function stateOf(id: string): LinkState | undefined {
  return states.get(id);
}

/** Up to `limit` link ids in one state, in the record's order. */
export function idsInState(code: LinkStateCode, limit: number): string[] {
  const out: string[] = [];
  for (const [id, s] of states) {
    if (s.code !== code) continue;
    out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}

/** The counts and a version that moves whenever any link's state does. */
export function useLinkStates(): { counts: LinkStateCounts; version: number; ready: boolean } {
  return useTransmission((s) => s.linkStates);
}

/** The steps the last pass planned for a link (data changes only the planner sees). */
export function plannedOf(id: string): readonly OperationKind[] | undefined {
  return facts.get(id)?.planned;
}

/** Tests: forget everything. */
export function resetLinkStates(): void {
  facts.clear();
  states.clear();
  touched.clear();
  counts = emptyCounts();
  useTransmission.setState({ linkStates: { version: 0, counts: emptyCounts(), ready: false } });
}
