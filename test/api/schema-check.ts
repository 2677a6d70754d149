/** A small JSON Schema checker for the subset lib/api/openapi.ts uses: real responses must fit the description. */

type Schema = Record<string, unknown>;

/** Problems found (empty when `value` fits `schema`), each with its JSON path. */
export function check(doc: Schema, schema: Schema, value: unknown, path = '$'): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Schema | undefined)?.[k], doc);
    if (target === undefined) return [`${path}: unresolved ${ref}`];
    return check(doc, target as Schema, value, path);
  }
  if (Array.isArray(schema.oneOf)) {
    const fits = (schema.oneOf as Schema[]).filter((s) => check(doc, s, value, path).length === 0).length;
    return fits === 1 ? [] : [`${path}: fits ${fits} of oneOf`];
  }
  const errors: string[] = [];
  if ('const' in schema && value !== schema.const) errors.push(`${path}: not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeOk(t, value))) return [...errors, `${path}: ${JSON.stringify(value)?.slice(0, 60)} is not ${types.join('|')}`];
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => errors.push(...check(doc, schema.items as Schema, v, `${path}[${i}]`)));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(o)) {
      if (props[k] !== undefined) errors.push(...check(doc, props[k], v, `${path}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: undocumented property ${k}`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...check(doc, schema.additionalProperties as Schema, v, `${path}.${k}`));
    }
  }
  return errors;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'null': return v === null;
    case 'integer': return Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'array': return Array.isArray(v);
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    default: return typeof v === type;
  }
}

/** The schema of an operation's response in the document. */
export function responseSchema(doc: Schema, path: string, method: string, status: string): Schema {
  const op = ((doc.paths as Schema)[path] as Schema)[method] as Schema;
  const res = (op.responses as Schema)[status] as Schema;
  return (((res.content as Schema)['application/json'] as Schema).schema ?? {}) as Schema;
}
