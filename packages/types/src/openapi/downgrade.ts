import { SCHEMA_REF, type Schema, walk } from './schemas.js';

// OpenAPI 3.0 speaks an older JSON Schema: `nullable: true` instead of a `null` type, `enum`
// instead of `const`, one `example` instead of `examples`, no `$ref` beside other keywords.
// These rewrite a 3.1 document's schemas into that dialect, or throw for anything they cannot
// say the same way, so the two documents never mean different things.

function nullableOf(s: Schema, components: Record<string, Schema>): Schema {
  const others = (s.anyOf as Schema[]).filter((u) => u.type !== 'null');
  if (others.length !== 1) throw new Error('OpenAPI 3.0 cannot express a nullable union of several schemas');
  const [other] = others as [Schema];
  // `nullable` does not reach through `$ref` or `allOf`, and validators disagree on how it
  // combines with them, so a nullable reference is written out in full.
  const target = other.$ref ? components[(other.$ref as string).slice(SCHEMA_REF.length)] : other;
  if (!target || typeof target.type !== 'string') {
    throw new Error(`OpenAPI 3.0 cannot make ${String(other.$ref ?? 'this schema')} nullable`);
  }
  const { anyOf: _anyOf, ...rest } = s;
  const merged: Schema = { ...structuredClone(target), ...rest, nullable: true };
  if (Array.isArray(merged.enum) && !merged.enum.includes(null)) merged.enum = [...merged.enum, null];
  return merged;
}

function downgradeOne(s: Schema, components: Record<string, Schema>): void {
  if ((s.anyOf as Schema[] | undefined)?.some((u) => u.type === 'null')) {
    const merged = nullableOf(s, components);
    for (const k of Object.keys(s)) delete s[k];
    Object.assign(s, merged);
  }
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => t !== 'null');
    if (types.length !== 1) throw new Error(`OpenAPI 3.0 cannot express type ${JSON.stringify(s.type)}`);
    if (types.length < s.type.length) s.nullable = true;
    s.type = types[0];
    if (s.nullable && Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  }
  if (s.type === 'null') throw new Error('OpenAPI 3.0 has no null type');
  if ('const' in s) {
    s.enum = [s.const];
    delete s.const;
  }
  if (Array.isArray(s.examples)) {
    s.example = s.examples[0];
    delete s.examples;
  }
  if (s.nullable && Array.isArray(s.enum) && !s.allOf) {
    // 3.0 wants `null` listed in a nullable enum, and some tools (Prism) add it themselves,
    // which a validator then refuses as a duplicate. Inside `allOf` it is listed once, for all.
    s.allOf = [{ enum: s.enum }];
    delete s.enum;
  }
  if (s.$ref && Object.keys(s).length > 1) {
    // Siblings of `$ref` are ignored in 3.0; keep the reference alone.
    for (const k of Object.keys(s)) if (k !== '$ref') delete s[k];
  }
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum', 'prefixItems', 'contentEncoding', '$defs']) {
    if (k in s) throw new Error(`The 3.0 downgrade does not handle ${k}`);
  }
}

/** Rewrites a JSON Schema 2020-12 schema, in place, into the OpenAPI 3.0 dialect. */
export function downgradeSchema(schema: Schema, components: Record<string, Schema>): void {
  // Parents first: a nullable reference is written out before its own parts are visited.
  walk(schema, (s) => downgradeOne(s, components));
}

/** Every schema position of a document: component schemas, parameters, bodies, headers. */
export function eachSchema(document: Schema, visit: (schema: Schema) => void): void {
  const inContent = (owner: Schema | undefined) => {
    for (const media of Object.values((owner?.content ?? {}) as Record<string, Schema>)) {
      if (media.schema) visit(media.schema as Schema);
    }
  };
  const inHeaders = (owner: Schema | undefined) => {
    for (const header of Object.values((owner?.headers ?? {}) as Record<string, Schema>)) {
      if (header.schema) visit(header.schema as Schema);
    }
  };
  const components = (document.components ?? {}) as Record<string, Record<string, Schema>>;
  for (const schema of Object.values(components.schemas ?? {})) visit(schema);
  for (const header of Object.values(components.headers ?? {}))
    if (header.schema) visit(header.schema as Schema);
  for (const body of Object.values(components.requestBodies ?? {})) inContent(body);
  for (const response of Object.values(components.responses ?? {})) {
    inContent(response);
    inHeaders(response);
  }
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, Schema>>)) {
    for (const op of Object.values(item)) {
      for (const parameter of (op.parameters ?? []) as Schema[]) {
        if (parameter.schema) visit(parameter.schema as Schema);
      }
      inContent(op.requestBody as Schema | undefined);
      for (const response of Object.values((op.responses ?? {}) as Record<string, Schema>)) {
        inContent(response);
        inHeaders(response);
      }
    }
  }
}
