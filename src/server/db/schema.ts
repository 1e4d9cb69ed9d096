// Table types of the whole database, composed from each domain's own table file. One declaration
// per domain (TypeScript merges them), so branches adding domains merge without conflicts.
import type { ApiKeyTables } from '../open311/api-keys.tables.ts';
import type { AuditTables } from '../audit/audit.tables.ts';
import type { AuthTables } from '../auth/auth.tables.ts';
import type { ComplaintTables } from '../complaints/complaints.tables.ts';
import type { ConsultationTables } from '../consultations/consultations.tables.ts';
import type { JobTables } from '../jobs/jobs.tables.ts';
import type { NotificationTables } from '../notifications/outbox.tables.ts';
import type { RateLimitTables } from '../security/rate-limit.tables.ts';
import type { ReferenceTables } from '../reference/reference.tables.ts';
import type { WorkflowTables } from '../workflow/workflow.tables.ts';

export interface Database extends ReferenceTables {}
export interface Database extends AuthTables {}
export interface Database extends AuditTables {}
export interface Database extends RateLimitTables {}
export interface Database extends NotificationTables {}
export interface Database extends JobTables {}
export interface Database extends ApiKeyTables {}
export interface Database extends ComplaintTables {}
export interface Database extends WorkflowTables {}
export interface Database extends ConsultationTables {}
import type { DataProtectionTables } from '../dataprotection/dataprotection.tables.ts';
export interface Database extends DataProtectionTables {}
import type { DevelopmentTables } from '../development/development.tables.ts';
export interface Database extends DevelopmentTables {}
import type { AppraisalTables } from '../appraisal/appraisal.tables.ts';
export interface Database extends AppraisalTables {}
import type { MonthCountTables } from '../metrics/month-counts.tables.ts';
export interface Database extends MonthCountTables {}
import type { DurationTables } from '../metrics/durations.tables.ts';
export interface Database extends DurationTables {}
import type { AppSecretTables } from '../security/app-secrets.tables.ts';
export interface Database extends AppSecretTables {}
import type { FollowTables } from '../follows/follows.tables.ts';
export interface Database extends FollowTables {}
import type { WhatsappTables } from '../channels/whatsapp.tables.ts';
export interface Database extends WhatsappTables {}
import type { SupportTables } from '../collaboration/support.tables.ts';
export interface Database extends SupportTables {}
import type { SupporterTables } from '../supporters/supporters.tables.ts';
export interface Database extends SupporterTables {}
import type { ImportTables } from '../channels/imports.tables.ts';
export interface Database extends ImportTables {}
import type { OverdueDigestTables } from '../workflow/overdue-digest.tables.ts';
export interface Database extends OverdueDigestTables {}
import type { SurveyTables } from '../surveys/surveys.tables.ts';
export interface Database extends SurveyTables {}
import type { CheckTables } from '../checks/checks.tables.ts';
export interface Database extends CheckTables {}
import type { TrainingTables } from '../development/training.tables.ts';
export interface Database extends TrainingTables {}
import type { UnitTables } from '../reference/units.tables.ts';
export interface Database extends UnitTables {}
import type { PageVersionTables } from '../http/page-version.tables.ts';
export interface Database extends PageVersionTables {}
