// A small JSON-schema validator for policy config, covering the keywords a CrossGuard
// `configSchema` realistically uses. The Pulumi CLI validates policy config with gojsonschema
// (draft 7) before it starts the pack; we cannot run that offline, so this mirrors the subset.
// An unsupported keyword throws instead of being ignored, so a schema can never pass here by
// accident and then fail in the CLI.
import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Keywords that only annotate a schema and never affect validity.
const ANNOTATIONS = new Set(["description", "default", "title", "examples", "format", "$comment"]);

const SUPPORTED = new Set([
    "type", "enum", "const",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern",
    "items", "minItems", "maxItems", "uniqueItems",
    "properties", "required", "additionalProperties",
]);

export function validateJsonSchema(schema: PolicyConfigJSONSchemaDefinition, value: unknown, path = "(root)"): string[] {
    if (schema === true) {
        return [];
    }
    if (schema === false) {
        return [`${path}: no value is allowed here`];
    }
    assertSupported(schema);
    return [
        ...checkType(schema, value, path),
        ...checkEnumConst(schema, value, path),
        ...(typeof value === "number" ? checkNumber(schema, value, path) : []),
        ...(typeof value === "string" ? checkString(schema, value, path) : []),
        ...(Array.isArray(value) ? checkArray(schema, value, path) : []),
        ...(isPlainObject(value) ? checkObject(schema, value, path) : []),
    ];
}

function assertSupported(schema: PolicyConfigJSONSchema): void {
    for (const key of Object.keys(schema)) {
        if (!SUPPORTED.has(key) && !ANNOTATIONS.has(key)) {
            throw new Error(`JSON schema keyword '${key}' is not supported by tools/jsonSchemaLite.ts`);
        }
    }
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

function matchesType(typeName: string, value: unknown): boolean {
    const actual = typeOf(value);
    if (typeName === "integer") return typeof value === "number" && Number.isInteger(value);
    return actual === typeName;
}

function checkType(schema: PolicyConfigJSONSchema, value: unknown, path: string): string[] {
    if (schema.type === undefined) return [];
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.some(t => matchesType(t, value))) return [];
    return [`${path}: Invalid type. Expected: ${types.join(" or ")}, given: ${typeOf(value)}`];
}

function checkEnumConst(schema: PolicyConfigJSONSchema, value: unknown, path: string): string[] {
    const errors: string[] = [];
    if (schema.enum !== undefined && !schema.enum.some(e => jsonEqual(e as Json, value))) {
        errors.push(`${path}: must be one of ${JSON.stringify(schema.enum)}`);
    }
    if (schema.const !== undefined && !jsonEqual(schema.const as Json, value)) {
        errors.push(`${path}: does not match ${JSON.stringify(schema.const)}`);
    }
    return errors;
}

function checkNumber(schema: PolicyConfigJSONSchema, value: number, path: string): string[] {
    const errors: string[] = [];
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
        errors.push(`${path}: must be > ${schema.exclusiveMinimum}`);
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
        errors.push(`${path}: must be < ${schema.exclusiveMaximum}`);
    }
    if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) {
        errors.push(`${path}: must be a multiple of ${schema.multipleOf}`);
    }
    return errors;
}

function checkString(schema: PolicyConfigJSONSchema, value: string, path: string): string[] {
    const errors: string[] = [];
    // JSON schema counts code points, not UTF-16 units.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
        errors.push(`${path}: does not match pattern '${schema.pattern}'`);
    }
    return errors;
}

function checkArray(schema: PolicyConfigJSONSchema, value: unknown[], path: string): string[] {
    const errors: string[] = [];
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && hasDuplicates(value)) errors.push(`${path}: items must be unique`);
    const items = schema.items;
    if (items !== undefined) {
        value.forEach((item, i) => {
            const itemSchema = Array.isArray(items) ? items[i] : items;
            if (itemSchema !== undefined) errors.push(...validateJsonSchema(itemSchema, item, `${path}.${i}`));
        });
    }
    return errors;
}

function checkObject(schema: PolicyConfigJSONSchema, value: Record<string, unknown>, path: string): string[] {
    const errors: string[] = [];
    for (const key of schema.required ?? []) {
        if (!(key in value)) errors.push(`${path}: ${key} is required`);
    }
    const properties = schema.properties ?? {};
    for (const [key, child] of Object.entries(value)) {
        const childPath = path === "(root)" ? key : `${path}.${key}`;
        if (key in properties) {
            errors.push(...validateJsonSchema(properties[key], child, childPath));
        } else if (schema.additionalProperties !== undefined) {
            errors.push(...validateJsonSchema(schema.additionalProperties, child, childPath));
        }
    }
    return errors;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasDuplicates(values: unknown[]): boolean {
    return values.some((v, i) => values.findIndex(w => jsonEqual(v as Json, w)) !== i);
}

function jsonEqual(a: Json, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (isPlainObject(value)) {
        return Object.fromEntries(Object.keys(value).sort().map(k => [k, canonical(value[k])]));
    }
    return value;
}
