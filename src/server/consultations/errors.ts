// Named outcomes of consultation commands that pages turn into statuses and messages.
export type ConsultationErrorCode = 'not_found' | 'not_open' | 'invalid_state' | 'invalid' | 'rate_limited';

export class ConsultationError extends Error {
  readonly code: ConsultationErrorCode;
  constructor(code: ConsultationErrorCode, message = code) {
    super(message);
    this.name = 'ConsultationError';
    this.code = code;
  }
}

export function statusOf(code: ConsultationErrorCode): number {
  return { not_found: 404, not_open: 409, invalid_state: 409, invalid: 422, rate_limited: 429 }[code];
}
