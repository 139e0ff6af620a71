// Threat model page state: the model, recommendations and coverage, all from the core. Every
// edit returns the stored model; recommendations and coverage are then asked for again, since
// the core computes them. Coverage follows the storyboard, whatever page edits it.
import { api as realApi, type Api } from './api';
import { changes, Heard } from './changes';
import type {
  AdversaryPatch,
  Coverage,
  FeintError,
  LayerImportReport,
  Placement,
  Recommendation,
  StoryboardChange,
  TechniquePatch,
  ThreatMatrix,
  ThreatModel,
} from './bindings';
import { toFeintError } from './errors';

/** Runs an edit and gives its result, or null when refused (the caller reports). */
export type Tracker = <T>(key: string, action: () => Promise<T>) => Promise<T | null>;

const direct: Tracker = async (_key, action) => action();

export class ThreatState {
  model = $state<ThreatModel | null>(null);
  recommendations = $state<Recommendation[]>([]);
  coverage = $state<Coverage | null>(null);
  matrix = $state<ThreatMatrix | null>(null);
  goal = $state<string | null>(null);
  report = $state<LayerImportReport | null>(null);
  error = $state<FeintError | null>(null);

  private heard = new Heard();

  constructor(
    private api: Api = realApi,
    private track: Tracker = direct,
  ) {}

  /**
   * Follows storyboard edits made anywhere (coverage counts their events), and techniques the
   * feed back adds from the journal's observations (the only threat edit made off this page).
   */
  listen(): () => void {
    const offBoard = changes.on(['storyboard'], (change) => {
      if (this.model) this.heard.note(change.result, this.refresh());
    });
    const offFeedBack = changes.on(['threat'], (change) => {
      if (change.command !== 'add_observed_techniques' || !this.model) return;
      this.model = change.result as ThreatModel;
      void this.refresh();
    });
    return () => {
      offBoard();
      offFeedBack();
    };
  }

  async load(): Promise<void> {
    try {
      this.model = await this.api.threatModel();
      await this.refresh();
      this.error = null;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  /** Asks the core again for what follows from the model and the storyboard. */
  async refresh(): Promise<void> {
    try {
      const [recs, coverage, matrix] = await Promise.all([
        this.api.recommendations(this.goal),
        this.api.coverage(),
        this.api.threatMatrix(),
      ]);
      this.recommendations = recs;
      this.coverage = coverage;
      this.matrix = matrix;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  async setGoal(goal: string | null): Promise<void> {
    this.goal = goal;
    await this.refresh();
  }

  private async edit(key: string, action: () => Promise<ThreatModel>): Promise<boolean> {
    const model = await this.track(key, action);
    if (!model) return false;
    this.model = model;
    await this.refresh();
    return true;
  }

  updateAdversary(key: string, patch: AdversaryPatch): Promise<boolean> {
    return this.edit(`adversary-${key}`, () => this.api.updateAdversary(patch));
  }

  async addTechniques(ids: string[]): Promise<FeintError | null> {
    try {
      this.model = await this.api.addTechniques(ids);
      await this.refresh();
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }

  updateTechnique(id: string, patch: TechniquePatch): Promise<boolean> {
    return this.edit(`technique-${id}`, () => this.api.updateTechnique(id, patch));
  }

  removeTechnique(id: string): Promise<boolean> {
    return this.edit(`technique-${id}`, () => this.api.removeTechnique(id));
  }

  /** Imports a Navigator layer; a refusal of the whole file is returned for the dialog. */
  async importLayer(path: string): Promise<FeintError | null> {
    try {
      const report = await this.api.importLayer(path);
      this.report = report;
      this.model = report.model;
      await this.refresh();
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }

  async exportLayer(path: string): Promise<FeintError | null> {
    try {
      await this.api.exportLayer(path);
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }

  /**
   * Places a recommended activity by the core's placement rule; the coverage follows. A refusal
   * is returned for the page to show beside the clicked button.
   */
  async place(placement: Placement): Promise<StoryboardChange | FeintError> {
    try {
      const change = await this.api.placeRecommendation(placement);
      await this.heard.after(change, () => this.refresh());
      return change;
    } catch (err) {
      return toFeintError(err);
    }
  }
}
