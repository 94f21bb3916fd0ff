// What the detail page hands each panel: the ticket, the one transition it may run, the errors
// the server (or the panel's own check) found, and a way to close it.
import type { Ticket, TicketCommand } from '../../../../../types/tickets';

export type Run = (command: TicketCommand, done: string, request: () => Promise<{ ticket: Ticket }>) => Promise<void>;

export interface PanelProps {
  ticket: Ticket;
  run: Run;
  busy: TicketCommand | null;
  errors: Record<string, string>;
  setErrors: (errors: Record<string, string>) => void;
  close: () => void;
}
