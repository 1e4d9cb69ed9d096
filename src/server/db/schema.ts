// Table types of the whole database, composed from each domain's own table file.
import type { ReferenceTables } from '../reference/reference.tables.ts';

export interface Database extends ReferenceTables {}
