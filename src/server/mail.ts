// Outgoing mail through nodemailer: staff notifications now, the same path for public alerts later.
import nodemailer, { type Transporter } from "nodemailer";

export interface Mailer {
  send(message: { to: string; subject: string; text: string; headers?: Record<string, string> }): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    send: async (m) => {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, ...(m.headers ? { headers: m.headers } : {}) });
    },
    close: () => transport.close(),
  };
}

let shared: { url: string; mailer: Mailer } | undefined;

/** The process's mailer for SMTP_URL, or null when mail is not configured. */
export function configuredMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  if (shared?.url !== smtpUrl) shared = { url: smtpUrl, mailer: smtpMailer(smtpUrl, from) };
  return shared.mailer;
}
