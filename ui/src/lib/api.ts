// The only module that talks to the Tauri backend: the typed wrappers generated from the
// command list (src-tauri/src/commands.rs). State classes take an `Api` so tests can fake it.
import { commands } from './commands';

export const api = commands;

export type Api = typeof api;
