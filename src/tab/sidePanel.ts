import type { AdaptiveCardJson } from '../cards/cardJson';
import { attendeesOnForm, isFormInput, overrideOf, peopleToText, sendToTitle } from '../cards/sendFormInputs';
import { langOf, messagesFor, type Messages } from '../domain/messages';
import type { SendReceipt } from '../domain/sendReceipt';
import { refused } from '../domain/result';
import type { ApiAnswer, ApiError, ApiFailure } from './apiClient';
import { AppointmentApi, browserTimeZone, type DayChoice } from './appointmentApi';
import { renderCard, type CardActionHandler, type LiveTitle } from './cardView';
import { applyTheme } from './theme';
import { askForConsent, connectToTeams, onThemeChange, ssoToken, type TeamsTabContext } from './teamsHost';

interface Appointment {
  onlineMeetingId: string;
  title: string;
}

/** What the form's inputs carry back on Send. */
type FormInputs = Partial<Record<string, string>>;

/** The meeting side panel: the organizer's send form, the receipt after sending, and the history. */
export async function startSidePanel(root: HTMLElement): Promise<void> {
  const teams = await connectToTeams();
  if (!teams) {
    showOutsideTeams(root, messagesFor(navigator.languages));
    return;
  }
  const panel = new SidePanel(root, teams);
  onThemeChange((theme) => panel.setTheme(theme));
  await panel.open();
}

class SidePanel {
  private readonly main: HTMLElement;
  private readonly history: HTMLElement;
  private readonly scheduled: HTMLElement;
  private readonly day: HTMLElement;
  private readonly status: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly api: AppointmentApi;
  /** The words of the organizer's Teams language. */
  private readonly say: Messages;
  private theme: string;
  private claims?: string;
  private appointment?: Appointment;
  private cardId = crypto.randomUUID();
  private redraw: () => void = () => undefined;

  constructor(
    root: HTMLElement,
    private readonly teams: TeamsTabContext,
  ) {
    this.main = section(root, 'main');
    this.scheduled = section(root, 'scheduled');
    this.history = section(root, 'history');
    this.day = section(root, 'day');
    this.status = root.ownerDocument.getElementById('status') ?? section(root, 'status');
    this.problems = root.ownerDocument.getElementById('problems') ?? section(root, 'problems');
    this.theme = teams.theme;
    this.say = messagesFor(teams.locale);
    root.ownerDocument.documentElement.lang = langOf(this.say.language, teams.locale);
    this.api = new AppointmentApi(() => ssoToken(this.claims), teams.locale);
    this.applyTheme();
  }

  setTheme(theme: string): void {
    this.theme = theme;
    this.applyTheme();
    this.redraw();
    void this.showHistory();
    void this.showScheduled();
  }

  async open(): Promise<void> {
    const { chatId } = this.teams;
    if (!chatId) {
      this.message(this.say.sidePanel.openInMeeting, this.say.sidePanel.openInMeetingText);
      return;
    }
    this.message(this.say.appName, this.say.sidePanel.loading);
    const found = await this.withSignIn(() => this.api.appointmentOfChat(chatId));
    if (!found.ok) {
      this.showFailure(found.error, () => void this.open());
      return;
    }
    this.appointment = found.value;
    this.day.replaceChildren(button({ title: this.say.sidePanel.wholeDay, run: () => this.chooseDay() }));
    await Promise.all([this.showForm({}), this.showHistory(), this.showScheduled()]);
  }

  /** A whole day from the organizer's calendar: which day first, then its appointments, then one confirm. */
  private async chooseDay(): Promise<void> {
    const today = new Date().toLocaleDateString('en-CA', { timeZone: browserTimeZone() });
    const choice = await this.withSignIn(() => this.api.dayChoiceCard(today));
    if (!choice.ok) {
      this.showFailure(choice.error, () => void this.showForm({}));
      return;
    }
    this.card(
      choice.value,
      (verb, data) => {
        if (verb === 'previewDayAction') void this.previewDayAction(dayChoiceOf(data));
      },
      [this.backToAppointment()],
    );
  }

  private async previewDayAction(day: DayChoice): Promise<void> {
    this.message(this.say.sidePanel.readingCalendar, this.say.sidePanel.appointmentsOf(day.date));
    const preview = await this.withSignIn(() => this.api.dayActionPreviewCard(day));
    if (!preview.ok) {
      this.showFailure(preview.error, () => void this.chooseDay());
      return;
    }
    this.card(
      preview.value,
      (verb) => {
        if (verb === 'runDayAction') void this.runDayAction(day);
      },
      [{ title: this.say.sidePanel.anotherDay, run: () => this.chooseDay() }, this.backToAppointment()],
    );
  }

  /** Texts the day; while it runs, its record is shown as each appointment completes. */
  private async runDayAction(day: DayChoice): Promise<void> {
    const id = `${day.date}.${day.kind}`;
    this.message(this.say.sidePanel.textingDay, this.say.sidePanel.textingDayText);
    let finished = false;
    const running = this.withSignIn(() => this.api.runDayAction(day)).finally(() => (finished = true));
    const stillRunning = () => !finished;
    while (stillRunning()) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const progress = await this.api.dayActionCard(id);
      if (progress.ok && stillRunning()) {
        this.card(progress.value);
        // The headline ends "2 of 28 done" in any language: the last two numbers.
        const [, done, total] = /(\d+) \S+ (\d+)\D*$/.exec(this.cardHeadline()) ?? [];
        if (done && total) this.announce(this.say.sidePanel.progress(Number(done), Number(total)));
      }
    }
    const answer = await running;
    if (!answer.ok) {
      this.showFailure(answer.error, () => void this.previewDayAction(day));
      return;
    }
    const outcome = await this.api.dayActionCard(answer.value.id);
    if (outcome.ok) this.card(outcome.value, undefined, [this.backToAppointment()]);
    else this.message(this.say.sidePanel.dayTexted, this.say.sidePanel.dayTextedText, [this.backToAppointment()]);
    this.focusOutcome();
    this.announce(this.say.sidePanel.dayDone);
  }

  /** The first line of what the main part shows ("Texting 2026-12-03: 2 of 28 done"). */
  private cardHeadline(): string {
    return this.main.querySelector('.ac-textBlock, h2')?.textContent.trim() ?? '';
  }

  private backToAppointment(): Button {
    return { title: this.say.sidePanel.backToAppointment, run: () => this.showForm({}) };
  }

  /** The appointment `open` found; every later step runs after it. */
  private loaded(): Appointment {
    if (!this.appointment) throw new Error('the appointment is not loaded yet');
    return this.appointment;
  }

  private async showForm(inputs: FormInputs, problems: string[] = []): Promise<void> {
    const { onlineMeetingId, title } = this.loaded();
    const localTimeZone = browserTimeZone();
    const form = await this.withSignIn(() =>
      this.api.sendForm(onlineMeetingId, { cardId: this.cardId, meetingTitle: title, localTimeZone, inputs, problems }),
    );
    if (!form.ok) {
      this.showFailure(form.error, () => void this.showForm(inputs, problems));
      return;
    }
    const people: LiveTitle = { verb: 'send', title: (entered) => sendToTitle(peopleToText(entered), this.say) };
    this.card(
      form.value,
      (verb, data) => {
        if (verb === 'send') void this.send(formInputs(data));
      },
      [],
      people,
    );
  }

  private async send(inputs: FormInputs): Promise<void> {
    const { onlineMeetingId } = this.loaded();
    this.message(this.say.sidePanel.sending, this.say.sidePanel.sendingText);
    this.announce(this.say.sidePanel.sendingNow);
    const choice = {
      kind: inputs.kind ?? '',
      attendees: attendeesOnForm(inputs),
      timeZone: inputs.timeZone ?? '',
      override: overrideOf(inputs),
    };
    const answer = await this.withSignIn(() => this.api.send(onlineMeetingId, choice, this.cardId));
    if (answer.ok) await this.showReceipt(answer.value);
    else if (answer.error.status === 400) await this.showRefusal(inputs, problemsOf(answer.error));
    else if (answer.error.code === 'consentRequired') this.askConsent(answer.error, inputs);
    else if (answer.error.receipt?.sendId && answer.error.receipt.status !== 'refused') await this.showReceipt(answer.error.receipt);
    else this.showFailure(answer.error, () => void this.showForm(inputs));
    await Promise.all([this.showHistory(), this.showScheduled()]);
  }

  /** The organizer approves in Entra's consent page, which Teams opens as a pop-up; then the send goes on. */
  private askConsent(error: ApiError, inputs: FormInputs): void {
    this.message(this.say.consent.title, this.say.sidePanel.approveText(error.message), [
      {
        title: this.say.sidePanel.approve,
        run: () =>
          askForConsent(this.teams.tenantId).then(
            () => this.send(inputs),
            () => this.showForm(inputs, [this.say.sidePanel.approvalUnfinished]),
          ),
      },
    ]);
  }

  /** The form again, as entered: the numbers box marked refused and linked to what is wrong, focus on it. */
  private async showRefusal(inputs: FormInputs, problems: string[]): Promise<void> {
    await this.showForm(inputs, problems);
    this.problems.textContent = problems.join(' ');
    const numbers = this.main.querySelector<HTMLElement>('textarea, input:not([type="checkbox"])');
    numbers?.setAttribute('aria-invalid', 'true');
    numbers?.setAttribute('aria-describedby', this.problems.id);
    numbers?.focus();
    this.announce(this.say.sidePanel.fixNumbers);
  }

  private async showReceipt(receipt: SendReceipt): Promise<void> {
    const card = receipt.sendId ? await this.api.receiptCard(this.loaded().onlineMeetingId, receipt.sendId) : undefined;
    const again = {
      title: this.say.sidePanel.again,
      run: async () => {
        this.cardId = crypto.randomUUID();
        await this.showForm({});
        this.main.querySelector<HTMLElement>('input, textarea, select')?.focus();
      },
    };
    if (card?.ok) this.card(card.value, undefined, [again]);
    else
      this.message(
        receipt.status === 'sent' ? this.say.receipt.sent : this.say.receipt.nothingSent,
        receipt.failure?.message ?? this.say.sidePanel.seeHistory,
        [again],
      );
    this.focusOutcome();
    // In words of its own: the receipt, now focused, is read next in full.
    this.announce(this.say.sidePanel.announcements[receipt.status]);
  }

  /** Focus on what just happened (the card or message now in the panel's main part), so it is read next. */
  private focusOutcome(): void {
    const outcome = this.main.querySelector<HTMLElement>('.ac-adaptiveCard') ?? this.main.querySelector<HTMLElement>('h2');
    outcome?.focus();
  }

  /** Said once by screen readers (the status region); the same words again are not repeated. */
  private announce(text: string): void {
    if (this.status.textContent === text) return;
    this.status.textContent = text;
  }

  /** Entra may want more (MFA, conditional access) or a fresh token: ask Teams once, then retry. */
  private async withSignIn<T>(call: () => Promise<ApiAnswer<T>>): Promise<ApiAnswer<T>> {
    const first = await call().catch((error: unknown) => signInFailed<T>(error, this.say));
    if (first.ok) return first;
    if (first.error.code === 'interactionRequired' && first.error.claims) this.claims = first.error.claims;
    else if (first.error.status !== 401 || first.error.code === 'signInFailed') return first;
    const second = await call().catch((error: unknown) => signInFailed<T>(error, this.say));
    this.claims = undefined;
    return second;
  }

  private showFailure(failure: ApiFailure, back: () => void): void {
    const words = this.say.sidePanel;
    const wait = failure.retryAfter ? words.tryAgainIn(Number(failure.retryAfter)) : '';
    if (failure.code === 'notOrganizer') {
      this.message(words.organizerOnly, failure.message);
      return;
    }
    this.message(this.say.receipt.nothingSent, `${failure.message}${wait}`, [{ title: words.back, run: async () => back() }]);
  }

  private async showHistory(): Promise<void> {
    if (!this.appointment) return;
    const card = await this.api.historyCard(this.appointment.onlineMeetingId);
    if (card.ok) renderCard(this.history, card.value, this.theme);
  }

  /** Texts waiting to go, each with Cancel; and the automatic reminder to turn on. */
  private async showScheduled(problem?: string): Promise<void> {
    if (!this.appointment) return;
    const { onlineMeetingId } = this.appointment;
    const card = await this.api.scheduledCard(onlineMeetingId);
    if (!card.ok) return;
    renderCard(this.scheduled, card.value, this.theme, (verb, data) => {
      if (verb === 'cancelScheduled' && typeof data.scheduleId === 'string')
        void this.api.cancelScheduled(data.scheduleId).then(() => this.showScheduled());
      if (verb === 'remindBefore')
        void this.withSignIn(() => this.api.remindBefore(onlineMeetingId)).then((answer) =>
          this.showScheduled(answer.ok ? undefined : answer.error.message),
        );
      if (verb === 'standingReminders')
        void this.withSignIn(() => this.api.setStandingReminders(data.enabled === true)).then((answer) =>
          this.showScheduled(answer.ok ? undefined : answer.error.message),
        );
    });
    if (problem) {
      const paragraph = document.createElement('p');
      paragraph.textContent = problem;
      this.scheduled.append(paragraph);
    }
  }

  private card(card: AdaptiveCardJson, onAction?: CardActionHandler, buttons: Button[] = [], liveTitle?: LiveTitle): void {
    this.redraw = () => {
      renderCard(this.main, card, this.theme, onAction, liveTitle);
      this.main.append(...buttons.map(button));
    };
    this.redraw();
  }

  private message(title: string, text: string, buttons: Button[] = []): void {
    this.redraw = () => {
      const heading = document.createElement('h2');
      heading.textContent = title;
      heading.tabIndex = -1;
      const paragraph = document.createElement('p');
      paragraph.textContent = text;
      this.main.replaceChildren(heading, paragraph, ...buttons.map(button));
    };
    this.redraw();
  }

  private applyTheme(): void {
    applyTheme(this.theme);
  }
}

interface Button {
  title: string;
  run: () => Promise<unknown>;
}

function button({ title, run }: Button): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = title;
  element.addEventListener('click', () => {
    element.disabled = true;
    void run().finally(() => (element.disabled = false));
  });
  return element;
}

/** The inputs' values (the card merges them into the Send button's data), as strings; each saved number's zone too. */
function formInputs(data: Record<string, unknown>): FormInputs {
  const inputs: FormInputs = {};
  for (const [key, value] of Object.entries(data)) if (typeof value === 'string' && isFormInput(key)) inputs[key] = value;
  return inputs;
}

/** The day card's inputs: the date and kind chosen, the zone the card was made for. */
function dayChoiceOf(data: Record<string, unknown>): DayChoice {
  const text = (key: string) => (typeof data[key] === 'string' ? data[key] : '');
  return { date: text('date'), kind: text('kind'), timeZone: text('timeZone') || browserTimeZone() };
}

/** Each refused number and each field problem, as the API names them. */
function problemsOf(error: ApiError): string[] {
  return error.details?.map((detail) => detail.message) ?? [error.message];
}

function showOutsideTeams(root: HTMLElement, say: Messages): void {
  document.documentElement.lang = langOf(say.language, navigator.languages);
  const heading = document.createElement('h1');
  heading.textContent = say.sidePanel.outsideTeams;
  const text = document.createElement('p');
  text.textContent = say.sidePanel.outsideTeamsText;
  root.replaceChildren(heading, text);
}

function section(root: HTMLElement, id: string): HTMLElement {
  const element = document.createElement('section');
  element.id = id;
  root.append(element);
  return element;
}

function signInFailed<T>(error: unknown, say: Messages): ApiAnswer<T> {
  const reason = error instanceof Error ? error.message : String(error);
  return refused({ status: 401, code: 'signInFailed', message: say.sidePanel.signInFailed(reason) });
}
