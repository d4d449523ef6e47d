// The sender address, and the Message-ID that names each email for good: generated once when the email is planned, so
// every attempt — and a repeat after a crash between the server's answer and our record of it — carries the same id,
// and mail clients show one message.

const ADDRESS = '[^\\s@<>",;]+@[^\\s@<>",;]+\\.?[^\\s@<>",;]*';
/** `user@domain`, or `Display Name <user@domain>` (the name may be quoted). */
const MAIL_FROM = new RegExp(`^(?:${ADDRESS}|(?:"[^"]*"|[^"<>@]*)\\s*<${ADDRESS}>)$`);

/** The one address of MAIL_FROM, or undefined when it is not exactly one well-formed address. */
export function mailFromAddress(mailFrom: string): string | undefined {
  const text = mailFrom.trim();
  if (!MAIL_FROM.test(text)) return undefined;
  return /<([^<>]+)>$/.exec(text)?.[1] ?? text;
}

/** `<notification-id@domain-of-MAIL_FROM>` (an RFC 5322 msg-id). */
export function messageIdFor(notificationId: string, mailFrom: string): string {
  const address = mailFromAddress(mailFrom);
  if (!address) throw new Error(`MAIL_FROM is not one address: ${mailFrom}`);
  return `<${notificationId}@${address.slice(address.lastIndexOf('@') + 1)}>`;
}
