/**
 * What the store says when a write or a read cannot be done. These are domain facts, not HTTP:
 * the request pipeline maps each to a status and a Rex error code in one place
 * (`stages/respond.ts`).
 */
export abstract class StoreError extends Error {}

/** No record of this resource with this id in the org. */
export class RecordNotFound extends StoreError {
  override readonly name = 'RecordNotFound' as const;

  constructor(
    /** The resource's title, such as `Contact`. */
    readonly title: string,
    readonly id: string,
    /** The body field that named the id (`primary_id`), when it did not come from the path. */
    readonly param?: string,
  ) {
    super(`${title} not found: ${id}`);
  }
}

/** A write would give a dedup key to a second record; `existingId` holds it. */
export class DuplicateKey extends StoreError {
  override readonly name = 'DuplicateKey' as const;

  constructor(
    readonly title: string,
    /** The dedup field (`email`, `domain`, or the last field of a composite key). */
    readonly param: string,
    readonly value: string,
    readonly existingId: string,
  ) {
    super(`A ${title.toLowerCase()} with ${param} ${value} already exists`);
  }
}

/** A `*_id` field names no record of the linked resource in the same org. */
export class InvalidLink extends StoreError {
  override readonly name = 'InvalidLink' as const;

  constructor(
    readonly param: string,
    readonly id: string,
    /** The linked resource's title, lowercase (`company`). */
    readonly target: string,
  ) {
    super(`\`${param}\` names no ${target} of this org: ${id}`);
  }
}

/** A record cannot be deleted while others link to it (a pipeline that still holds deals). */
export class RecordInUse extends StoreError {
  override readonly name = 'RecordInUse' as const;

  constructor(
    message: string,
    readonly id: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A request the schema let through breaks a rule only the store can check. */
export class InvalidInput extends StoreError {
  override readonly name = 'InvalidInput' as const;

  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}
