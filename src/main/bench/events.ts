// The engine's events are part of the app's contract, so they live in src/shared.
export * from '../../shared/bench/events.js';
