// The operation's phase, its gate decisions and the actuals of its events, shared by the header
// (phase on every page), the halt banner (every page), the storyboard (outcome filter, actual
// bars, inspector) and the Journal page. Fed by the core:
// reloaded when another file opens and after any change of the run or the storyboard (a deleted
// event takes its actuals with it).
import { api as realApi, type Api } from '../lib/api';
import { changes } from '../lib/changes';
import type {
  ActualPatch,
  ActualView,
  FeintError,
  GateDecisionView,
  NewGateDecision,
  Outcome,
  PhaseChange,
  RunState,
} from '../lib/bindings';
import { toFeintError } from '../lib/errors';

export const PHASE_LABELS: Record<RunState['phase'], string> = {
  planning: 'Planning',
  approved: 'Approved',
  running: 'Running',
  paused: 'Paused',
  closed: 'Closed',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  as_planned: 'Done as planned',
  changed: 'Changed',
  skipped: 'Skipped',
  failed: 'Failed',
};

export class RunStore {
  state = $state<RunState | null>(null);
  actuals = $state<Record<string, ActualView>>({});
  decisions = $state<GateDecisionView[]>([]);
  error = $state<FeintError | null>(null);
  private stop: (() => void) | null = null;
  private loading = 0;

  constructor(private api: Api = realApi) {}

  /** Starts following the open file's run data; returns the function that stops. */
  follow(): () => void {
    this.stop?.();
    // The order numbers the gates and the operation's zone reads the decision times.
    const off = changes.on(['run', 'storyboard', 'order', 'operation'], () => void this.load());
    this.stop = off;
    void this.load();
    return () => {
      off();
      if (this.stop === off) this.stop = null;
    };
  }

  async load(): Promise<void> {
    const ticket = ++this.loading;
    try {
      const [state, actuals, decisions] = await Promise.all([
        this.api.runState(),
        this.api.actuals(),
        this.api.gateDecisions(),
      ]);
      if (ticket !== this.loading) return;
      this.state = state;
      this.decisions = decisions;
      this.actuals = Object.fromEntries(actuals.map((a) => [a.actual.event_id, a]));
      this.error = null;
    } catch (err) {
      if (ticket === this.loading) this.error = toFeintError(err);
    }
  }

  clear(): void {
    this.state = null;
    this.actuals = {};
    this.decisions = [];
  }

  outcomeOf(eventId: string): Outcome | null {
    return this.actuals[eventId]?.actual.outcome ?? null;
  }

  async changePhase(change: PhaseChange): Promise<boolean> {
    try {
      this.state = await this.api.changePhase(change);
      this.error = null;
      return true;
    } catch (err) {
      this.error = toFeintError(err);
      return false;
    }
  }

  /** Records a gate decision; the phase it changes arrives through the `run` part. */
  async recordDecision(decision: NewGateDecision): Promise<boolean> {
    try {
      await this.api.recordGateDecision(decision);
      this.error = null;
      return true;
    } catch (err) {
      this.error = toFeintError(err);
      return false;
    }
  }

  async setActual(eventId: string, patch: ActualPatch): Promise<boolean> {
    try {
      const view = await this.api.setActual(eventId, patch);
      this.actuals = { ...this.actuals, [eventId]: view };
      this.error = null;
      return true;
    } catch (err) {
      this.error = toFeintError(err);
      return false;
    }
  }
}

export const run = new RunStore();
