import { randomUUID } from 'node:crypto';
import { teamsMeetingId } from '../../dev/teams-connector/teamsConnector';
import type { SandboxMeeting } from '../../dev/graph-sandbox/sandboxTypes';
import { CLIENT_ID, TENANT_ID, type Stack } from './stack';

/** Where activities go: the app (in-process or its own process) and the Teams connector stand-in it answers through. */
type ChatHost = Pick<Stack, 'teams'> & { app: { url: string } };

export interface ChatUser {
  aadObjectId: string;
  name: string;
}

/** The Teams user id (29:…) the connector stand-in gives a meeting's organizer. */
export const teamsUserId = (user: ChatUser) => `29:organizer-${user.aadObjectId}`;

function base(stack: ChatHost, meeting: SandboxMeeting | undefined, from: ChatUser) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: stack.teams.url,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    localTimezone: 'America/Chicago',
    from: { id: teamsUserId(from), aadObjectId: from.aadObjectId, name: from.name },
    recipient: { id: `28:${CLIENT_ID}`, name: 'Appointment SMS' },
    conversation: meeting
      ? { id: meeting.chatThreadId, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID }
      : { id: `a:personal-${from.aadObjectId}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, ...(meeting ? { meeting: { id: teamsMeetingId(meeting.chatThreadId) } } : {}) },
  };
}

export function chatMessage(stack: ChatHost, meeting: SandboxMeeting | undefined, from: ChatUser, text: string) {
  return { ...base(stack, meeting, from), type: 'message', text };
}

export function cardAction(
  stack: Stack,
  meeting: SandboxMeeting | undefined,
  from: ChatUser,
  action: { verb: string; data: Record<string, unknown>; token?: string; replyToId?: string },
) {
  return {
    ...base(stack, meeting, from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: action.replyToId ?? 'activity-1',
    value: {
      action: { type: 'Action.Execute', verb: action.verb, data: action.data },
      trigger: 'manual',
      ...(action.token ? { authentication: { id: randomUUID(), connectionName: 'AppointmentSmsSso', token: action.token } } : {}),
    },
  };
}

/** A meeting event Teams sends a subscribed bot in the meeting's chat (start, participants joining). */
export function meetingEvent(stack: Stack, meeting: SandboxMeeting, from: ChatUser, name: string, value: object) {
  return { ...base(stack, meeting, from), type: 'event', name: `application/vnd.microsoft.${name}`, value };
}

/** Posts an activity to the bot as the Teams channel would: signed, unless told otherwise. */
export async function deliver(stack: ChatHost, activity: object, authorization?: string | null) {
  const header = authorization === undefined ? `Bearer ${await stack.teams.tokenFor(CLIENT_ID)}` : authorization;
  const response = await fetch(`${stack.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as InvokeBody | undefined };
}

interface InvokeBody {
  statusCode: number;
  type: string;
  value: Record<string, unknown> & { tokenExchangeResource?: { uri: string } };
}

/** The Adaptive Card in the bot's latest message to a conversation. */
export function lastCard(stack: Stack, conversationId: string): Record<string, unknown> {
  const calls = stack.teams.repliesTo(conversationId);
  const attachments = calls.at(-1)?.activity.attachments as Array<{ content: Record<string, unknown> }> | undefined;
  if (!attachments?.[0])
    throw new Error(`no card sent to ${conversationId}; calls: ${JSON.stringify(calls.map((call) => call.activity.text))}`);
  return attachments[0].content;
}
