// Table types of the whole database, composed from each domain's own table file.
import type { AuditTables } from '../audit/audit.tables.ts';
import type { AuthTables } from '../auth/auth.tables.ts';
import type { ReferenceTables } from '../reference/reference.tables.ts';
import type { RateLimitTables } from '../security/rate-limit.ts';
import type { NotificationTables } from '../notifications/outbox.ts';

export interface Database extends ReferenceTables, AuthTables, AuditTables, RateLimitTables, NotificationTables {}
// Declaration merging, so each domain adds its tables with a line of its own.
import type { ConsultationTables } from '../consultations/consultations.tables.ts';
export interface Database extends ConsultationTables {}
