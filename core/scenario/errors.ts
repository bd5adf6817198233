// A scenario file that cannot be compiled or run: one sentence naming what and where. The
// command line prints it and exits with status 2.
export class ScenarioError extends Error {
  readonly code = 'SCENARIO_INVALID'
}
