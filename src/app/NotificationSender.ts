import { receiptNumbers, type SendReceipt } from '../domain/sendReceipt';
import { checkSendRequest, type SendRequestInput } from '../domain/sendPolicy';
import type { GraphCaller, GraphSmsClient } from '../graph/GraphSmsClient';

export interface SendCommand {
  onlineMeetingId: string;
  request: SendRequestInput;
  caller: GraphCaller;
}

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

    const attendees = plan.numbers.map((phoneNumber) => ({ phoneNumber, timeZone: plan.timeZone }));
    const result = await this.graph.send({ onlineMeetingId: command.onlineMeetingId, kind: plan.kind, attendees }, command.caller);
    const base = { kind: plan.kind, timeZone: plan.timeZone, problems: [], at };
    if (result.ok) {
      return { ...base, status: 'sent', numbers: receiptNumbers(checked.numbers, 'sent'), graphRequestId: result.value.requestId };
    }
    const { failure } = result;
    const status = failure.kind === 'uncertain' ? 'uncertain' : 'failed';
    return {
      ...base,
      status,
      numbers: receiptNumbers(checked.numbers, status),
      failure: {
        reason: failure.kind,
        message: failure.message,
        code: failure.code,
        requestId: failure.requestId,
        retryAfterSeconds: failure.retryAfterSeconds,
      },
    };
  }
}
