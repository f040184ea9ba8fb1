/** Base class of every error the mock server throws at its caller. */
export class RexMockError extends Error {
  override readonly name: string = 'RexMockError';
}

/**
 * Thrown by `seed()` (and answered as a 400 by `POST /__rex/seed`) when a seed record is
 * invalid; the store is left unchanged.
 */
export class SeedError extends RexMockError {
  override readonly name = 'SeedError' as const;
  /** Where the problem is, such as `contacts[2].email`. */
  readonly param: string;

  constructor(param: string, message: string) {
    super(`Invalid seed: ${param}: ${message}`);
    this.param = param;
  }
}

/** Thrown by `addFault()` (a 400 from `POST /__rex/faults`) for a malformed fault rule. */
export class FaultRuleError extends RexMockError {
  override readonly name = 'FaultRuleError' as const;
  /** The offending field of the rule. */
  readonly param: string;

  constructor(param: string, message: string) {
    super(`Invalid fault rule: ${param} ${message}`);
    this.param = param;
  }
}

/** Thrown by `restore()` (a 400 from `POST /__rex/restore`) for a value that is not a snapshot. */
export class SnapshotError extends RexMockError {
  override readonly name = 'SnapshotError' as const;
}
