/** Loose on purpose: the server has the last word on e-mail syntax. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
