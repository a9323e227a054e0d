import { parseChatCommand } from './chatCommands';

describe('what an organizer types to the bot', () => {
  it.each([
    ['help', { name: 'help' }],
    ['<at>Appointment SMS</at> history', { name: 'history' }],
    ['numbers add (312) 922-4122, 415 555 0133', { name: 'numbersAdd', numbers: ['(312) 922-4122', '415 555 0133'] }],
    ['sms cancel 312 922 4122', { name: 'sms', kind: 'cancellation', numbers: ['312 922 4122'] }],
    ['close day 2026-12-04', { name: 'day', kind: 'cancellation', date: '2026-12-04' }],
  ])('reads %p in English', (typed, command) => expect(parseChatCommand(typed)).toEqual(command));

  it.each([
    ['ayuda', { name: 'help' }],
    ['Historial', { name: 'history' }],
    ['pendientes', { name: 'scheduled' }],
    ['números agregar (312) 922-4122', { name: 'numbersAdd', numbers: ['(312) 922-4122'] }],
    ['numeros quitar 415 555 0133', { name: 'numbersRemove', numbers: ['415 555 0133'] }],
    ['números', { name: 'numbers' }],
    ['sms cancelación (312) 922-4122', { name: 'sms', kind: 'cancellation', numbers: ['(312) 922-4122'] }],
    ['mensaje cambio 415 555 0133', { name: 'sms', kind: 'reschedule', numbers: ['415 555 0133'] }],
    ['recordatorio', { name: 'sms', kind: 'reminder', numbers: [] }],
    ['cerrar día 2026-12-04', { name: 'day', kind: 'cancellation', date: '2026-12-04' }],
    ['mover dia 2026-12-04', { name: 'day', kind: 'reschedule', date: '2026-12-04' }],
  ])('reads %p in Spanish, with or without its accents', (typed, command) => expect(parseChatCommand(typed)).toEqual(command));

  it('answers anything else with help, keeping what was typed', () => {
    expect(parseChatCommand('hola')).toEqual({ name: 'unknown', text: 'hola' });
    expect(parseChatCommand('números contar')).toEqual({ name: 'unknown', text: 'números contar' });
    expect(parseChatCommand('cerrar semana')).toEqual({ name: 'unknown', text: 'cerrar semana' });
    expect(parseChatCommand('constructor')).toEqual({ name: 'unknown', text: 'constructor' });
  });
});
