import type { AckError } from '@/lib/protocol';

/** A human sentence for a refused message, naming when to try again if the server said. */
export function describeSendFailure(error: AckError): string {
  switch (error.code) {
    case 'rate_limited':
      return 'You are sending too fast: it will go out in a moment.';
    case 'forbidden':
      return 'You are not allowed to post here.';
    case 'not_found':
      return 'This room no longer exists.';
    case 'invalid_payload':
      return `The server refused it: ${error.message}`;
    default:
      return 'Something went wrong on our side.';
  }
}
