import type { Messages } from '../domain/messages';
import help from './templates/help.json';
import consent from './templates/consent.json';
import message from './templates/message.json';
import nudge from './templates/nudge.json';
import { type AdaptiveCardJson, expand } from './cardJson';

export function helpCard(say: Messages, intro = say.help.intro): AdaptiveCardJson {
  return expand(help, { t: { appName: say.appName, mention: say.help.mention }, intro, commands: say.help.commands });
}

/** A short message; `actions` are buttons whose verb the surface showing it handles (the side panel). */
export function messageCard(title: string, text: string, actions: ReadonlyArray<{ title: string; verb: string }> = []): AdaptiveCardJson {
  return expand(message, { title, text, actions });
}

/**
 * When the organization has not yet consented to the app sending texts for its users: ask an admin,
 * then come back to the form as it was (`formData`: what the form's Change would carry).
 */
export function consentCard(consentUrl: string, formData: Record<string, unknown>, say: Messages): AdaptiveCardJson {
  return expand(consent, { t: say.consent, consentUrl, formData });
}

/**
 * Nobody but the organizer joined the started appointment: everyone sees a neutral line, and
 * Teams refreshes the card into the question for the organizer alone (`showNudge`).
 */
export function nudgeCard(title: string, organizerUserId: string, say: Messages): AdaptiveCardJson {
  return expand(nudge, { t: { open: say.form.open, waiting: say.nudge.waiting }, title, organizerUserId });
}

/** The question the organizer alone sees: one click texts the saved numbers the reminder (with the join link Graph adds). */
export function nudgeQuestionCard(title: string, say: Messages): AdaptiveCardJson {
  return messageCard(say.nudge.title, say.nudge.question(title), [{ title: say.nudge.send, verb: 'sendNudgeReminder' }]);
}
