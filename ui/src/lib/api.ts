// The only module that talks to the Tauri backend. Components call these typed wrappers;
// every rejection arrives as a `FeintError` ({code, message}).
import { invoke } from '@tauri-apps/api/core';
import type {
  ActivityDetails,
  AppState,
  FeintError,
  Matrix,
  Operation,
  OperationPatch,
} from './bindings';
import { toFeintError } from './errors';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toFeintError(err);
  }
}

export const api = {
  getState: () => call<AppState>('get_state'),
  startupError: () => call<FeintError | null>('startup_error'),
  newOperation: (path: string, name: string) => call<AppState>('new_operation', { path, name }),
  openOperation: (path: string) => call<AppState>('open_operation', { path }),
  saveAs: (path: string) => call<AppState>('save_as', { path }),
  updateOperation: (patch: OperationPatch) => call<Operation>('update_operation', { patch }),
  pickOpenPath: () => call<string | null>('pick_open_path'),
  pickSavePath: (suggested: string) => call<string | null>('pick_save_path', { suggested }),
  catalogMatrix: () => call<Matrix>('catalog_matrix'),
  catalogSearch: (query: string) => call<string[]>('catalog_search', { query }),
  activityDetails: (id: string) => call<ActivityDetails>('activity_details', { id }),
};

export type Api = typeof api;
