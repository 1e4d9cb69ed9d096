// A real SMTP server on loopback (smtp-server) that records what arrives, for notification tests.
// It can misbehave the ways real ones do: fail temporarily, refuse recipients, keep a client waiting.
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { freePort } from './server.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpOptions {
  /** The first n messages get a 451 temporary failure. */
  failFirst?: number;
  /** A recipient this returns a reply for is refused with it, e.g. '550 no such user'. */
  refuse?: (address: string) => string | undefined;
  /** Recipients this matches get no reply to RCPT TO until release() (or never). */
  holdRecipient?: (address: string) => boolean;
  /** No greeting at all until release(). */
  holdGreeting?: boolean;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** What happened, in order: `accepted:<to>`, `held:<to>`, `gave-up:<to>` (client left while held), `connected`. */
  events: string[];
  /** Answers everything held from now on. */
  release(): void;
  stop(): Promise<void>;
}

export async function startSmtp(opts: SmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const events: string[] = [];
  let failures = opts.failFirst ?? 0;
  let holding = true;
  const held = new Map<string, { address: string; answer: () => void }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // stop() waits this long for clients still connected (held ones) before dropping them.
    closeTimeout: 500,
    onConnect(session, callback) {
      events.push('connected');
      if (opts.holdGreeting && holding) held.set(session.id, { address: '(greeting)', answer: () => callback() });
      else callback();
    },
    onRcptTo(address, session, callback) {
      const refusal = opts.refuse?.(address.address);
      if (refusal) {
        const err = new Error(refusal) as Error & { responseCode: number };
        err.responseCode = Number(refusal.slice(0, 3));
        return callback(err);
      }
      if (opts.holdRecipient?.(address.address) && holding) {
        events.push(`held:${address.address}`);
        held.set(session.id, { address: address.address, answer: () => callback() });
        return;
      }
      callback();
    },
    onClose(session: SMTPServerSession) {
      const h = held.get(session.id);
      if (h) {
        held.delete(session.id);
        events.push(`gave-up:${h.address}`);
      }
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const err = new Error(`451 temporary failure for ${session.envelope.rcptTo[0]?.address}`) as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        const to = session.envelope.rcptTo.map((r) => r.address);
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw });
        events.push(`accepted:${to.join(',')}`);
        callback();
      });
    },
  });
  // A client that leaves while held makes the late answer fail to write; that is expected here.
  server.on('error', () => {});
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    events,
    release() {
      holding = false;
      for (const [id, h] of held) {
        held.delete(id);
        h.answer();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        holding = false;
        held.clear();
        server.close(() => resolve());
      }),
  };
}
