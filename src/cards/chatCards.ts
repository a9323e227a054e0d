import help from './templates/help.json';
import consent from './templates/consent.json';
import message from './templates/message.json';
import nudge from './templates/nudge.json';
import { type AdaptiveCardJson, expand } from './cardJson';

const CHAT_COMMANDS: ReadonlyArray<{ name: string; does: string }> = [
  { name: 'sms', does: 'Open the card to text the attendees (only the organizer can send).' },
  { name: 'sms (kind) (numbers…)', does: 'The same card, filled in: sms cancel (312) 922-4122, 415 555 0133' },
  { name: 'remind', does: 'The card set to the 15-minute reminder.' },
  { name: 'numbers', does: "List this appointment's saved numbers." },
  { name: 'numbers add (numbers…)', does: 'Save numbers, separated by commas.' },
  { name: 'numbers remove (numbers…)', does: 'Forget numbers.' },
  { name: 'history', does: 'What was sent for this appointment, newest first.' },
  {
    name: 'scheduled',
    does: 'Texts waiting to go (held for the sending hours, reminders): cancel one, turn the reminder on, or turn on standing reminders for all your appointments.',
  },
  {
    name: 'close day [YYYY-MM-DD]',
    does: 'Cancel every appointment of that day: see them first, then text them all (no date: the card asks).',
  },
  { name: 'move day [YYYY-MM-DD]', does: 'The same with the reschedule text.' },
  { name: 'help', does: 'This list.' },
];

export function helpCard(intro = 'Text the external attendees of a Teams Premium virtual appointment.'): AdaptiveCardJson {
  return expand(help, { intro, commands: CHAT_COMMANDS });
}

/** A short message; `actions` are buttons whose verb the surface showing it handles (the side panel). */
export function messageCard(title: string, text: string, actions: ReadonlyArray<{ title: string; verb: string }> = []): AdaptiveCardJson {
  return expand(message, { title, text, actions });
}

/**
 * When the organization has not yet consented to the app sending texts for its users: ask an admin,
 * then come back to the form as it was (`formData`: what the form's Change would carry).
 */
export function consentCard(consentUrl: string, formData: Record<string, unknown>): AdaptiveCardJson {
  return expand(consent, { consentUrl, formData });
}

/**
 * Nobody but the organizer joined the started appointment: everyone sees a neutral line, and
 * Teams refreshes the card into the question for the organizer alone (`showNudge`).
 */
export function nudgeCard(title: string, organizerUserId: string): AdaptiveCardJson {
  return expand(nudge, { title, organizerUserId });
}

/** The question the organizer alone sees: one click texts the saved numbers the reminder (with the join link Graph adds). */
export function nudgeQuestionCard(title: string): AdaptiveCardJson {
  return messageCard('Nobody has joined yet', `Nobody has joined ${title} yet. Text the attendees a reminder with the join link?`, [
    { title: 'Text the attendees a reminder', verb: 'sendNudgeReminder' },
  ]);
}
