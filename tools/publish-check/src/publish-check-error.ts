/** A step of the publish check failed; the message says which and why, for a person to act on. */
export class PublishCheckError extends Error {
  override readonly name = 'PublishCheckError';
}
