import { messagesFor, type Messages } from '../domain/messages';
import type { TenantPolicy } from '../domain/tenantPolicy';
import { AdminApi, type Period } from './adminApi';
import type { ApiFailure } from './apiClient';
import { browserTimeZone } from './appointmentApi';
import { sayOnPage } from './pageWords';
import { usageView } from './usageView';
import { connectToTeams, onThemeChange, ssoToken } from './teamsHost';
import { applyTheme } from './theme';

const DAY_MS = 86_400_000;

/** The admin's page (a personal tab): the tenant's send policy, its usage over a period, and the audit's export. */
export async function startAdminPage(root: HTMLElement): Promise<void> {
  const status = element(root, 'status');
  const teams = await connectToTeams();
  const tags = teams ? teams.locale : navigator.languages;
  const say = messagesFor(tags);
  sayOnPage(root.ownerDocument, say.admin, say, tags);
  if (!teams) {
    status.textContent = say.admin.outsideTeams;
    return;
  }
  applyTheme(teams.theme);
  onThemeChange(applyTheme);
  const page = new AdminPage(root, new AdminApi(() => ssoToken(), teams.locale), say);
  await page.open();
}

class AdminPage {
  private readonly status: HTMLElement;
  private readonly policyForm: HTMLFormElement;
  private readonly periodForm: HTMLFormElement;
  private readonly usage: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: AdminApi,
    private readonly say: Messages,
  ) {
    this.status = element(root, 'status');
    this.policyForm = element(root, 'policy') as HTMLFormElement;
    this.periodForm = element(root, 'period') as HTMLFormElement;
    this.usage = element(root, 'usage');
  }

  async open(): Promise<void> {
    const stored = await this.api.policy();
    if (!stored.ok) {
      // Not an admin (403) or not reached: said politely, nothing else shown.
      this.status.textContent = stored.error.status === 403 ? this.say.admin.adminsOnly(stored.error.message) : stored.error.message;
      return;
    }
    this.showPolicy(stored.value.policy, stored.value.updatedAt);
    const today = localDate(Date.now());
    this.input('from').value = localDate(Date.now() - 29 * DAY_MS);
    this.input('to').value = today;
    this.policyForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.savePolicy();
    });
    this.periodForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.showUsage();
    });
    element(this.root, 'export').addEventListener('click', () => void this.exportAudit());
    element(this.root, 'content').hidden = false;
    this.status.textContent = '';
    await this.showUsage();
  }

  private showPolicy(policy: TenantPolicy, updatedAt?: string): void {
    this.input('sendingHours.from').value = policy.sendingHours.from;
    this.input('sendingHours.to').value = policy.sendingHours.to;
    this.input('caps.perDay').value = String(policy.caps.perDay);
    this.input('caps.perWeek').value = String(policy.caps.perWeek);
    this.input('overridesAllowed').checked = policy.overridesAllowed;
    (element(this.root, 'whenLate') as HTMLSelectElement).value = policy.whenLate;
    element(this.root, 'policy-updated').textContent = updatedAt
      ? this.say.admin.lastChanged(new Date(updatedAt).toLocaleString(this.say.language))
      : this.say.admin.defaults;
  }

  private async savePolicy(): Promise<void> {
    this.clearErrors(this.policyForm);
    const whole = (id: string) => {
      const text = this.input(id).value.trim();
      // What is not a whole number goes as typed: the API says what is wrong with it, as it does for any client.
      return /^\d+$/.test(text) ? Number(text) : text;
    };
    const policy = {
      sendingHours: { from: this.input('sendingHours.from').value.trim(), to: this.input('sendingHours.to').value.trim() },
      caps: { perDay: whole('caps.perDay'), perWeek: whole('caps.perWeek') },
      overridesAllowed: this.input('overridesAllowed').checked,
      whenLate: (element(this.root, 'whenLate') as HTMLSelectElement).value,
    } as TenantPolicy;
    const saved = await this.api.savePolicy(policy);
    if (!saved.ok) {
      this.refuse(saved.error, this.say.admin.notSaved);
      return;
    }
    this.showPolicy(saved.value.policy, saved.value.updatedAt);
    this.status.textContent = this.say.admin.saved(saved.value.heldTextsMoved);
  }

  private period(): Period {
    return { from: this.input('from').value, to: this.input('to').value };
  }

  private async showUsage(): Promise<void> {
    this.clearErrors(this.periodForm);
    const usage = await this.api.usage(this.period(), browserTimeZone());
    if (!usage.ok) {
      this.refuse(usage.error, this.say.admin.noUsage);
      return;
    }
    this.usage.replaceChildren(usageView(usage.value, this.say));
    this.status.textContent = this.say.admin.usageOf(usage.value.from, usage.value.to, usage.value.timeZone);
  }

  private async exportAudit(): Promise<void> {
    this.clearErrors(this.periodForm);
    const period = this.period();
    const csv = await this.api.auditCsv(period, browserTimeZone());
    if (!csv.ok) {
      this.refuse(csv.error, this.say.admin.notExported);
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(csv.value);
    link.download = `appointment-sms-audit-${period.from}-to-${period.to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
    this.status.textContent = this.say.admin.downloaded(period.from, period.to);
  }

  /** Each refused field says why beside it, linked to it; focus goes to the first. Anything else goes in the status line. */
  private refuse(failure: ApiFailure, nothingDone: string): void {
    const fields = (failure.details ?? []).filter((detail) => this.root.querySelector(`[id="${detail.target}-error"]`));
    for (const detail of fields) {
      const message = element(this.root, `${detail.target}-error`);
      message.textContent = detail.message;
      message.hidden = false;
      const field = this.input(detail.target);
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', message.id);
    }
    const first = fields.at(0);
    if (first) this.input(first.target).focus();
    this.status.textContent = fields.length > 0 ? this.say.admin.fixFields(nothingDone, fields.length) : failure.message;
  }

  private clearErrors(form: HTMLFormElement): void {
    for (const message of form.querySelectorAll<HTMLElement>('.field-error')) {
      message.hidden = true;
      message.textContent = '';
    }
    for (const field of form.querySelectorAll('[aria-invalid]')) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
    }
  }

  private input(id: string): HTMLInputElement {
    return element(this.root, id) as HTMLInputElement;
  }
}

function element(root: HTMLElement, id: string): HTMLElement {
  const found = root.ownerDocument.getElementById(id);
  if (!found) throw new Error(`The admin page has no #${id}`);
  return found;
}

/** The browser's calendar date at `instant` (`2026-12-07`). */
function localDate(instant: number): string {
  const date = new Date(instant);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
