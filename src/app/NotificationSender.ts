import { organizerOfMeetingId } from '../domain/meetingIds';
import { receiptNumbers, type SendFailure, type SendReceipt } from '../domain/sendReceipt';
import { checkSendRequest, type SendRequestInput } from '../domain/sendPolicy';
import type { GraphTokenResult } from '../auth/OnBehalfOfExchanger';
import type { GraphSmsClient } from '../graph/GraphSmsClient';

/** The organizer asking to send, and how to get a Graph token for them once input is valid. */
export interface Sender {
  oid: string;
  locale?: string;
  graphToken: () => Promise<GraphTokenResult>;
}

export interface SendCommand {
  onlineMeetingId: string;
  request: SendRequestInput;
  sender: Sender;
}

const NOT_ORGANIZER: SendFailure = {
  reason: 'notOrganizer',
  message: "Only the appointment's organizer can text its attendees.",
};

/** Sends one kind of text to an appointment's attendees: checks everything first, then one Graph call. */
export class NotificationSender {
  constructor(
    private readonly graph: GraphSmsClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(command: SendCommand): Promise<SendReceipt> {
    const checked = checkSendRequest(command.request);
    const at = this.now().toISOString();
    const { plan } = checked;
    if (!plan) return { status: 'refused', numbers: receiptNumbers(checked.numbers, 'refused'), problems: checked.problems, at };

    const base = { kind: plan.kind, timeZone: plan.attendees[0]?.timeZone, problems: [], at };
    const failed = (failure: SendFailure, status: 'failed' | 'uncertain' = 'failed'): SendReceipt => ({
      ...base,
      status,
      numbers: receiptNumbers(checked.numbers, status),
      failure,
    });
    const organizer = organizerOfMeetingId(command.onlineMeetingId);
    if (organizer && organizer !== command.sender.oid.toLowerCase()) return failed(NOT_ORGANIZER);

    const token = await command.sender.graphToken();
    if (!token.ok) return failed({ reason: token.failure.kind, message: token.failure.message, code: token.failure.code, claims: token.failure.claims });

    const caller = { accessToken: token.accessToken, locale: command.sender.locale };
    const result = await this.graph.send({ onlineMeetingId: command.onlineMeetingId, kind: plan.kind, attendees: plan.attendees }, caller);
    if (result.ok) {
      return { ...base, status: 'sent', numbers: receiptNumbers(checked.numbers, 'sent'), graphRequestId: result.value.requestId };
    }
    const { kind, message, code, requestId, retryAfterSeconds } = result.failure;
    return failed({ reason: kind, message, code, requestId, retryAfterSeconds }, kind === 'uncertain' ? 'uncertain' : 'failed');
  }
}
