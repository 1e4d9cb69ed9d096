// The WhatsApp channel (DESIGN.md §10, docs/whatsapp.md): message ids already handled (webhook deliveries
// are at least once), one short conversation per sender while a complaint is being put together, and the
// outbox's channel opened to 'whatsapp' so replies and notices go out with the outbox's leases and retries.
//
// No phone number is stored here: a sender is known by an HMAC of their number under an application
// secret (like rate-limit keys), the number itself only reaches complaints.reporter_phone at filing.
// A conversation row (what the resident has typed so far) is deleted at filing, at cancelling, and by
// the expiry job after inactivity; seen message ids are pruned after a week (Meta retries for up to 7 days).
//
// SQLite cannot alter a CHECK constraint: the outbox is rebuilt from its own stored definition with the
// channel list widened (rows, ids and the index kept). PostgreSQL replaces the named constraint.
import { sql, type Kysely } from 'kysely';
import { dialectOf, time } from '../migration-kit.ts';

const OLD_CHECK = `"channel" in ('email')`;
const NEW_CHECK = `"channel" in ('email', 'whatsapp')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('whatsapp_seen_messages')
    .addColumn('message_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('sender_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('received_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('whatsapp_seen_sender').on('whatsapp_seen_messages').columns(['sender_hash', 'received_at']).execute();
  await db.schema.createIndex('whatsapp_seen_received').on('whatsapp_seen_messages').column('received_at').execute();

  await db.schema
    .createTable('whatsapp_conversations')
    .addColumn('sender_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('id'))
    // The answers collected so far, as JSON (category, area, coordinates, description, privacy, list page).
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    // The filing's idempotency key and the folder its photos wait in (photo-files.ts).
    .addColumn('form_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('whatsapp_conversations_expiry').on('whatsapp_conversations').column('expires_at').execute();

  if (dialectOf(db) === 'postgres') {
    await sql`alter table outbox drop constraint outbox_channel_check`.execute(db);
    await sql`alter table outbox add constraint outbox_channel_check check (channel in ('email', 'whatsapp'))`.execute(db);
  } else {
    await rebuildSqliteOutbox(db, OLD_CHECK, NEW_CHECK);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('outbox').where('channel', '=', 'whatsapp').execute();
  if (dialectOf(db) === 'postgres') {
    await sql`alter table outbox drop constraint outbox_channel_check`.execute(db);
    await sql`alter table outbox add constraint outbox_channel_check check (channel in ('email'))`.execute(db);
  } else {
    await rebuildSqliteOutbox(db, NEW_CHECK, OLD_CHECK);
  }
  await db.schema.dropTable('whatsapp_conversations').execute();
  await db.schema.dropTable('whatsapp_seen_messages').execute();
}

async function rebuildSqliteOutbox(db: Kysely<any>, from: string, to: string): Promise<void> {
  const row = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'outbox'`.execute(db)).rows[0];
  if (!row || !row.sql.includes(from)) throw new Error(`outbox definition does not hold ${from}`);
  const created = row.sql.replace(from, to).replace(/^create table "?outbox"?/i, 'create table "outbox_rebuilt"');
  const columns = (await sql<{ name: string }>`select name from pragma_table_info('outbox')`.execute(db)).rows.map((c) => `"${c.name}"`).join(', ');
  await sql.raw(created).execute(db);
  await sql.raw(`insert into "outbox_rebuilt" (${columns}) select ${columns} from "outbox"`).execute(db);
  await sql`drop table outbox`.execute(db);
  await sql`alter table outbox_rebuilt rename to outbox`.execute(db);
  await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['sent_at', 'available_at']).execute();
}
