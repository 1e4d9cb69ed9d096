// Validation of Open311 responses: JSON against the GeoReport v2 schemas in test/fixtures/open311,
// XML parsed back into the same shape.
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';

const dir = path.resolve(import.meta.dirname, '../fixtures/open311');
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

export function validateOpen311(schema: string, data: unknown): string[] {
  const validate =
    ajv.getSchema(schema) ??
    (ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, `${schema}.schema.json`), 'utf8')), schema), ajv.getSchema(schema)!);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'error', 'request', 'endpoint', 'format', 'attribute', 'value'].includes(name),
});

export function parseXml(text: string): Record<string, any> {
  if (!text.startsWith('<?xml version="1.0" encoding="utf-8"?>')) throw new Error('missing XML declaration');
  return parser.parse(text);
}
