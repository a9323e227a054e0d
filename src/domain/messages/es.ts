import type { Messages } from './en';
import { plural } from './language';

const HOW_TO_WRITE = 'Escríbalo como un número de EE. UU. de 10 dígitos, p. ej. (312) 922-4122 o +1 312 922 4122.';
const people = (count: number) => plural('es-US', count, { one: '# persona', other: '# personas' });
const appointments = (count: number) => plural('es-US', count, { one: '# cita', other: '# citas' });

/** Every string of `en`, in the Spanish of the United States (`es-US`). */
export const es: Messages = {
  language: 'es-US',
  appName: 'Appointment SMS',
  kinds: {
    confirmation: 'Confirmación',
    reschedule: 'Cambio de fecha',
    cancellation: 'Cancelación',
    reminder: 'Recordatorio (15 minutos antes)',
  },
  kindInSentence: {
    confirmation: 'una confirmación',
    reschedule: 'un aviso de cambio de fecha',
    cancellation: 'una cancelación',
    reminder: 'un recordatorio',
  },
  zones: {
    'Eastern Standard Time': 'Este (Nueva York)',
    'Central Standard Time': 'Centro (Chicago)',
    'Mountain Standard Time': 'Montaña (Denver)',
    'US Mountain Standard Time': 'Arizona (Phoenix, sin horario de verano)',
    'Pacific Standard Time': 'Pacífico (Los Ángeles)',
    'Alaskan Standard Time': 'Alaska (Anchorage)',
    'Hawaiian Standard Time': 'Hawái (Honolulu)',
  },
  numbers: {
    empty: `El número está vacío. ${HOW_TO_WRITE}`,
    letters: (input) => `"${input}" contiene letras. ${HOW_TO_WRITE}`,
    tooFewDigits: (input) => `"${input}" tiene muy pocos dígitos. ${HOW_TO_WRITE}`,
    tooManyDigits: (input) => `"${input}" tiene demasiados dígitos. ${HOW_TO_WRITE}`,
    unknownCountry: (input) =>
      `"${input}" tiene un código de país desconocido. Solo los números de EE. UU. (+1) pueden recibir mensajes de citas.`,
    notANumber: (input) => `"${input}" no es un número de teléfono. ${HOW_TO_WRITE}`,
    otherCountry: (input, country) => `"${input}" es ${country}. Solo los números de Estados Unidos pueden recibir mensajes de citas.`,
    countryNumber: (region) => `un número de ${region}`,
    digitCount: (input, digits, afterCode) =>
      `"${input}" tiene ${digits} dígitos${afterCode ? ' después de +1' : ''}; un número de EE. UU. tiene 10 (código de área de 3 dígitos + 7 dígitos).`,
    otherRegion: (input, region, areaCode) =>
      `"${input}" es un número de ${region} (código de área ${areaCode}). Solo los números de Estados Unidos pueden recibir mensajes de citas.`,
    notInService: (input, areaCode) =>
      `"${input}" no es un número válido de EE. UU.: el código de área ${areaCode} o su central no existe. Revise los dígitos.`,
    doNotText: (input) =>
      `"${input}" está en la lista de números a los que su organización no envía mensajes. Quítelo para enviar a los demás.`,
    duplicate: 'Escrito más de una vez; se envió una sola vez.',
  },
  problems: {
    zoneMissing: (example) =>
      `Indique la zona horaria de los asistentes: agregue "timeZone" (p. ej. "${example}"), o guarde sus números con la suya.`,
    notAKind: (kind, kinds) => `"${kind}" no es un tipo de mensaje. Elija uno de: ${kinds}.`,
    notAZone: (name, windows, iana) =>
      `"${name}" no es una zona horaria. Use un nombre de Windows como "${windows}" o un identificador IANA como "${iana}".`,
    noNumbers: 'Agregue al menos un número de teléfono de un asistente.',
    tooManyNumbers: (count, most) => `${count} números son más de ${most} por envío. Divida la lista.`,
  },
  failures: {
    notOrganizer: 'Solo quien organiza la cita puede enviar mensajes a sus asistentes o ver sus números y mensajes.',
    storageUnavailable:
      'La aplicación no pudo registrar este envío, así que no lo hizo. No se envió nada; vuelva a intentarlo en un minuto.',
    interrupted:
      'La aplicación se detuvo mientras se hacía este envío. Puede que los mensajes se hayan enviado o no: consulte con los asistentes antes de volver a enviar.',
    inProgress: 'Un envío idéntico sigue en curso. Revise el historial en un minuto antes de volver a enviar.',
    consentRequired:
      'La aplicación necesita su consentimiento para enviar mensajes en su nombre. Apruebe la solicitud de consentimiento (o pida a su administrador que lo conceda) y vuelva a intentarlo.',
    appNotConsented: (tenant) =>
      `Su organización (inquilino ${tenant}) no ha permitido que Appointment SMS envíe mensajes por sí sola. Un administrador debe concederle el consentimiento, incluido el permiso de aplicación VirtualAppointmentNotification.Send, para que los mensajes puedan salir más tarde.`,
    interactionRequired:
      'Su organización le pide que vuelva a iniciar sesión (por ejemplo, con autenticación multifactor) antes de enviar.',
    signInAgain: 'Su sesión de Teams caducó. Cierre y vuelva a abrir la aplicación para iniciar sesión de nuevo.',
    identityUnavailable: 'No se pudo contactar con Microsoft Entra ID. No se envió nada; vuelva a intentarlo en breve.',
    tokenTooLate: 'Microsoft Entra ID tardó demasiado en iniciar su sesión. No se envió nada; vuelva a intentarlo.',
    unauthorized: 'Microsoft Graph no aceptó el token de inicio de sesión. Vuelva a iniciar sesión e inténtelo de nuevo.',
    forbidden:
      'Microsoft Graph lo rechazó: quien organiza necesita una licencia de Teams Premium, y la aplicación necesita el permiso VirtualAppointmentNotification.Send con consentimiento del administrador. Pida a su administrador de Teams que revise ambos.',
    meetingNotFound:
      'Microsoft Graph no conoce esta reunión para quien la organiza. Envíe desde el chat de la propia cita, o revise el vínculo de la reunión.',
    badRequest: 'Microsoft Graph rechazó la solicitud por estar mal formada. No se envió nada.',
    throttled: 'Microsoft Graph está limitando las solicitudes. No se envió nada; vuelva a intentarlo en breve.',
    unavailable: 'Microsoft Graph no está disponible ahora. No se envió nada; vuelva a intentarlo en unos minutos.',
    uncertain:
      'Se perdió la conexión con Microsoft Graph después de salir la solicitud. Puede que los mensajes se hayan enviado o no: consulte con los asistentes antes de volver a enviar.',
    unreachable: (why) => `No se pudo contactar con Microsoft Graph (${why}). No se envió nada; vuelva a intentarlo en unos minutos.`,
  },
  rest: {
    nothingSent: (count, reasons) =>
      `No se envió nada: ${plural('es-US', count, { one: '# problema', other: '# problemas' })} por corregir. ${reasons}`,
    outcomeUnknown: 'Se desconoce el resultado: consulte con los asistentes antes de volver a enviar.',
    bodyNotJson: 'El cuerpo debe ser un objeto JSON.',
    notAParameter: (key) => `"${key}" no es un parámetro de esta solicitud.`,
    wrongType: (target, expected) => `${target || 'el valor'} falta o tiene un tipo incorrecto (se esperaba ${expected}).`,
    noSuchSend: 'No hay ningún envío terminado con ese identificador para esta cita.',
    theOrganizer: 'quien organiza',
    nothingDone: {
      sent: 'No se envió nada.',
      saved: 'No se guardó nada.',
      scheduled: 'No se programó nada.',
      changed: 'No se cambió nada.',
      policy: 'La directiva no se cambió.',
      form: 'No se creó ningún formulario.',
      usage: 'No se leyó el uso.',
    },
  },
  schedule: {
    slowDown: 'Microsoft Graph pidió a la aplicación que fuera más despacio',
    waitsUntil: (why, at) => `${why}: sale a las ${at}. Todavía no se ha enviado nada.`,
    couldNotGoYet: (why) => `Todavía no pudo salir (${why})`,
    missedLate: (at) =>
      `Le tocaba salir el ${at} mientras la aplicación estaba detenida; la directiva de la organización es no enviar mensajes con retraso. No se envió nada.`,
    noNumbersWhenDue: 'No había números guardados para la cita cuando le tocaba salir al recordatorio. No se envió nada.',
    hoursAllowNow: 'El horario de envío ya lo permite: sale enseguida. Todavía no se ha enviado nada.',
    cannotHold: (why) => `Está fuera del horario de envío y no se puede retener hasta entonces: ${why} No se envió nada.`,
    startsTooSoon: (at) => `La cita empieza a las ${at}, en menos de 15 minutos (o ya terminó): envíe el recordatorio ahora.`,
    remindsAt: (at) =>
      `Recuerda a los asistentes a las ${at}, 15 minutos antes de la cita, a los números guardados para ella en ese momento.`,
    bookingsTextsItself:
      'Esta cita se reservó en Microsoft Bookings, que envía por sí mismo un recordatorio a sus clientes: el de la aplicación sería un segundo recordatorio, así que no se activó.',
    calendarNotGranted:
      'Appointment SMS no puede leer su calendario por sí sola. Su administrador debe concederle los permisos de aplicación Calendars.Read y OnlineMeetings.Read.All, cada uno limitado por una directiva de acceso de aplicaciones que le incluya. No se activó nada.',
    standingTurnedOff: 'Se desactivaron los recordatorios permanentes.',
    calendarUnreadable: (why) => `No se pudo leer su calendario: ${why}`,
    readsAgainAt: (why, at) => `${why} Vuelve a leer su calendario a las ${at}.`,
    standingFollows: 'Recuerda a sus asistentes 15 minutos antes de cada una de sus citas de Teams con números guardados.',
    standingRemindsAt: (subject, at) =>
      `Recuerda a los asistentes de "${subject}" a las ${at}, 15 minutos antes (sus recordatorios permanentes), a los números guardados para ella en ese momento.`,
    nudgeAt: (at) =>
      `Si a las ${at} no se ha unido nadie más que usted, se le preguntará si quiere enviar un recordatorio a los asistentes.`,
    nudgeAsked:
      'No se había unido nadie más que usted: se le preguntó en el chat de la reunión si quería enviar un recordatorio a los asistentes.',
  },
  policy: {
    aboutSoon: (hours) =>
      `Enviado fuera del horario de envío (${hours} para el asistente): trata de una cita anterior al momento en que se vuelve a permitir enviar.`,
    overrideHours: (hours, reason) =>
      `Enviado fuera del horario de envío (${hours} para el asistente) por decisión de quien organiza: ${reason}`,
    outsideHours: (hours) => `Fuera del horario de envío (${hours} en la zona horaria del asistente).`,
    heldNote: (why, at) => `${why} Sale solo a las ${at}; todavía no se ha enviado nada.`,
    overridesOff:
      'Su organización no permite enviar de todos modos con un motivo, así que no se usó el suyo; pregunte a su administrador de Teams si este mensaje no puede esperar.',
    capReached: (masked, count, window, at) =>
      `${masked} ha recibido ${plural('es-US', count, { one: '# mensaje', other: '# mensajes' })} en ${window === 'day' ? 'las últimas 24 horas' : 'los últimos 7 días'}, el límite de la organización. Se le puede volver a enviar después del ${at}.`,
    overCapOverride: (reason) => `Por encima de un límite, enviado por decisión de quien organiza: ${reason}`,
    zoneUnknown: 'Indique la zona horaria de los asistentes: no se pudo averiguar la suya. Agregue "timeZone" (p. ej. "America/Chicago").',
    notAZone: (name) => `"${name}" no es una zona horaria. Use un nombre de Windows o un identificador IANA como "America/Chicago".`,
  },
  guard: {
    linkedMeeting: 'la reunión que vinculó',
    notInMeeting: 'Ábralo en la reunión',
    notInMeetingText:
      'Úselo en el chat de la reunión de la cita, o pegue el vínculo para unirse a la cita después de sms (sms https://teams.microsoft.com/l/meetup-join/…).',
    organizerOnly: 'Solo quien organiza',
    meetingNotFound: 'No se encontró la reunión',
    meetingNotFoundText:
      'Ninguna de sus reuniones tiene ese vínculo para unirse. Copie el vínculo de la cita en su calendario de Teams y vuelva a intentarlo.',
  },
  bot: {
    signedIn: 'Ya inició sesión. Vuelva a pulsar Enviar en la tarjeta.',
    signInUnfinished: 'El inicio de sesión no terminó. Pulse Enviar en la tarjeta para volver a intentarlo.',
    noSuchCommand: (command) => `Appointment SMS no tiene el comando "${command}". Actualice la aplicación y vuelva a intentarlo.`,
    somethingWrong: 'Lo sentimos, algo falló de nuestro lado. No se envió nada. Vuelva a intentarlo en un minuto.',
    updateCard: 'Actualice la tarjeta',
    unknownVerb: (asked) => `Esta tarjeta pide "${asked}", que Appointment SMS no hace. Escriba sms para obtener una tarjeta nueva.`,
    dayStopped: 'El día se detuvo a medias',
    dayStoppedText:
      'Algo falló de nuestro lado mientras se enviaban los mensajes de este día. Vuelva a escribir close day (o move day) con la fecha para ver en qué punto está cada cita; nadie recibe dos veces el mensaje.',
    dayUnreadable: 'No se pudo leer el día',
    reminderNotOn: 'No se activó el recordatorio',
    standingNotOn: 'No se activaron los recordatorios permanentes',
    waitingToJoin: 'Esperando a que todos se unan',
    nothingSent: 'No se envió nada',
    tryAgain: 'No se envió nada; vuelva a intentarlo.',
    signInToSend: 'Inicie sesión para enviar mensajes en su nombre',
    signIn: 'Iniciar sesión',
    tokenUnusable: 'No se pudo usar el token de inicio de sesión. Vuelva a iniciar sesión.',
    hello:
      '¡Hola! Envío mensajes a los asistentes externos de esta cita en nombre de quien la organiza: confirmación, cambio de fecha, cancelación, recordatorio.',
    notUnderstood: (text) => `No entendí "${text}". Esto es lo que puedo hacer:`,
    whichNumbers: '¿Qué números?',
    whichNumbersText: 'Escríbalos después del comando, separados por comas: numbers add (312) 922-4122, 415 555 0133',
    nothingChanged: (why) => `No se cambió nada. ${why}`,
    saved: 'Guardado.',
    removed: 'Quitado.',
    dialogTitle: 'Enviar mensajes a los asistentes',
    stillSending: 'Todavía enviando',
    stillSendingText:
      'Graph tarda en responder. Escriba history en el chat de la reunión dentro de un minuto para ver el resultado; volver a enviar desde esta tarjeta no enviará dos veces el mensaje a nadie.',
    signInUnavailable: 'El inicio de sesión no está disponible',
    signInUnavailableText:
      'Teams no pudo ofrecer el inicio de sesión ahora. Vuelva a intentarlo en un minuto, o use sms en el chat de la reunión.',
  },
  form: {
    open: 'Abrir',
    title: (meeting) => `Enviar un mensaje a los asistentes de ${meeting}`,
    notice:
      'Microsoft redacta estos mensajes, en inglés, y solo los envía a números de EE. UU. Confirma que los aceptó, no que cada teléfono los recibió.',
    fixThese: 'No se envió nada. Corrija esto y vuelva a enviar:',
    savedNumbers: 'Números guardados de los asistentes',
    chooseZone: 'Elija una zona horaria',
    zoneOf: (who) => `Zona horaria de ${who}`,
    typedZone: 'Zona horaria de los números escritos arriba',
    attendeesZone: 'Zona horaria de los asistentes',
    moreNumbers: 'Más números (uno por línea, o separados por comas)',
    kind: 'Mensaje que se envía',
    chooseKind: 'Elija qué enviar',
    override: '¿Enviar de todos modos fuera del horario de envío o por encima de un límite? Diga por qué (queda en la auditoría)',
    overrideHint: 'Opcional: solo si la directiva de la organización retendría o rechazaría este mensaje',
    review: 'Revisar y enviar',
    send: 'Enviar',
    sendTo: (count) => `Enviar a ${people(count)}`,
    organizerOnly: 'Solo quien organiza puede enviar desde esta tarjeta.',
  },
  confirm: {
    headline: (kind, count) => `¿Enviar ${kind} a ${people(count)}?`,
    nothingYet: 'Todavía no se ha enviado nada. Cada número recibe el mensaje una vez, escrito en la zona horaria que se indica al lado.',
    change: 'Cambiar',
  },
  consent: {
    title: 'Se necesita permiso antes de enviar mensajes',
    text: 'Su organización todavía no ha permitido que Appointment SMS envíe mensajes de citas en su nombre (permiso de Microsoft Graph VirtualAppointmentNotification.Send). No se envió nada.',
    howTo:
      'Un administrador puede aprobarlo una vez para todos con Solicitar aprobación. Una vez aprobado, Volver a mi formulario recupera lo que escribió, para enviarlo.',
    ask: 'Solicitar aprobación',
    back: 'Volver a mi formulario',
  },
  receipt: {
    outcomes: {
      accepted: 'Aceptado por Microsoft',
      duplicate: 'Escrito dos veces; enviado una vez',
      refused: 'Rechazado',
      notSent: 'No enviado',
      unknown: 'Desconocido: compruébelo antes de reenviar',
      held: 'En espera del horario de envío',
    },
    refusedBecause: (reason) => `Rechazado: ${reason}`,
    sent: 'Microsoft aceptó los mensajes para enviarlos',
    sentDetail: 'Microsoft redacta y envía los mensajes; no informa de la entrega a cada teléfono.',
    repeat: 'Ya enviado: no se volvió a enviar',
    repeatDetail: 'Esta tarjeta ya se envió; esto es lo que pasó entonces.',
    uncertain: 'Puede que los mensajes se hayan enviado o no',
    held: 'Retenido hasta el horario de envío',
    heldDetail: 'Sale solo cuando empiece el horario de envío. Véalo o cancélelo con "scheduled".',
    nothingSent: 'No se envió nada',
    text: 'Mensaje',
    timeZone: 'Zona horaria',
    sentBy: 'Enviado por',
    when: 'Cuándo',
    notUnderstood: 'No se entendió',
  },
  statusWords: {
    sent: 'aceptado por Microsoft',
    refused: 'rechazado, no se envió nada',
    failed: 'no enviado',
    uncertain: 'desconocido, compruébelo antes de reenviar',
    held: 'retenido hasta el horario de envío',
    pending: 'enviándose',
  },
  history: {
    title: 'Mensajes de esta cita',
    nothingYet: 'Todavía no se ha enviado nada.',
    entry: (kind, status) => `${kind}: ${status}`,
    unknownKind: 'Un mensaje de tipo desconocido',
  },
  scheduled: {
    title: 'En espera de envío',
    nothingWaiting:
      'No hay nada en espera: los mensajes pedidos fuera del horario de envío y los recordatorios automáticos aparecen aquí hasta que salen.',
    cancel: 'Cancelar este mensaje',
    remindOnce: 'Recordar 15 minutos antes',
    standingOff: 'Desactivar los recordatorios permanentes',
    standingOn: 'Recordar antes de cada una de mis citas',
    standingAreOn:
      'Los recordatorios permanentes están activados: cada una de sus citas de Teams recibe un recordatorio 15 minutos antes, a los números guardados para ella.',
    standingAreOff:
      'Los recordatorios permanentes están desactivados: actívelos para recordar a los asistentes de todas sus citas, 15 minutos antes.',
    standingEntry: 'Recordatorios permanentes: activados',
    standingTag: ' · permanente',
    nudgeEntry: (state) => `Un aviso si nadie se une: ${state}`,
    entry: (kind, state) => `${kind}: ${state}`,
    numbers: {
      held: 'Los números guardados para la cita cuando salga',
      reminder: 'Los números guardados para la cita cuando salga',
      calendar: 'Los números guardados de cada cita',
      nudge: 'Los números guardados de la cita',
    },
    when: {
      held: (at) => `Retenido hasta ${at}`,
      reminder: (at) => `Sale a las ${at}`,
      calendar: (at) => `Vuelve a leer su calendario a las ${at}`,
      nudge: (at) => `Comprueba a las ${at}`,
    },
    states: {
      scheduled: 'en espera',
      sending: 'saliendo ahora',
      done: 'hecho',
      missed: 'perdido mientras la aplicación estaba detenida',
      cancelled: 'cancelado',
    },
  },
  saved: {
    title: 'Números guardados de los asistentes',
    none: 'No hay números guardados. Agregue algunos con: numbers add (312) 922-4122',
    organizerZone: 'la zona horaria de quien organiza',
  },
  help: {
    intro: 'Envíe mensajes a los asistentes externos de una cita virtual de Teams Premium.',
    mention:
      'En un chat de grupo o de reunión, @mencione a Appointment SMS antes del comando (Teams solo le envía esos mensajes): @Appointment SMS sms',
    commands: [
      { name: 'sms', does: 'Abre la tarjeta para enviar mensajes a los asistentes (solo quien organiza puede enviar).' },
      { name: 'sms (tipo) (números…)', does: 'La misma tarjeta, ya rellenada: sms cancel (312) 922-4122, 415 555 0133' },
      { name: 'remind', does: 'La tarjeta con el recordatorio de 15 minutos elegido.' },
      { name: 'numbers', does: 'Muestra los números guardados de esta cita.' },
      { name: 'numbers add (números…)', does: 'Guarda números, separados por comas.' },
      { name: 'numbers remove (números…)', does: 'Olvida números.' },
      { name: 'history', does: 'Lo que se envió para esta cita, lo más reciente primero.' },
      {
        name: 'scheduled',
        does: 'Mensajes en espera (retenidos hasta el horario de envío, recordatorios): cancele uno, active el recordatorio o active los recordatorios permanentes para todas sus citas.',
      },
      {
        name: 'close day [AAAA-MM-DD]',
        does: 'Cancela todas las citas de ese día: primero las ve y luego les envía el mensaje a todas (sin fecha: la tarjeta la pregunta).',
      },
      { name: 'move day [AAAA-MM-DD]', does: 'Lo mismo con el mensaje de cambio de fecha.' },
      { name: 'help', does: 'Esta lista.' },
    ],
  },
  nudge: {
    waiting: 'Esperando a que todos se unan.',
    title: 'Todavía no se ha unido nadie',
    question: (meeting) =>
      `Todavía no se ha unido nadie a ${meeting}. ¿Enviar a los asistentes un recordatorio con el vínculo para unirse?`,
    send: 'Enviar un recordatorio a los asistentes',
  },
  day: {
    label: 'Día',
    chooseDay: 'Elija el día que se cierra o se cambia.',
    textEach: 'Enviar un mensaje a los asistentes de cada cita',
    cancellation: 'Cancelación (se cierra el día)',
    reschedule: 'Cambio de fecha (las citas se mueven)',
    ask: {
      cancellation: (date) => `¿Cerrar el ${date}?`,
      reschedule: (date) => `¿Mover el ${date}?`,
      confirmation: (date) => `¿Confirmar el ${date}?`,
      reminder: (date) => `¿Recordar el ${date}?`,
    },
    startText: (kind) =>
      `Vea las citas de ese día en su calendario y quién recibiría el mensaje de ${kind}. No se envía nada hasta que lo confirme.`,
    show: 'Mostrar las citas del día',
    chooseTitle: 'Cerrar o mover un día entero',
    chooseText: 'Vea las citas del día en su calendario y a quién se enviaría el mensaje. No se envía nada hasta que lo confirme.',
    preview: {
      cancellation: (date, count) => `Cerrar el ${date}: ${appointments(count)} por avisar`,
      reschedule: (date, count) => `Mover el ${date}: ${appointments(count)} por avisar`,
      confirmation: (date, count) => `Confirmar el ${date}: ${appointments(count)} por avisar`,
      reminder: (date, count) => `Recordar el ${date}: ${appointments(count)} por avisar`,
    },
    eachGets: (kind) => `Cada una recibe el mensaje de ${kind} una vez. Todavía no se ha enviado nada.`,
    noneToText: 'Ninguna cita de ese día tiene números a los que enviar.',
    textAll: (count) => `Avisar a ${appointments(count)}`,
    running: (date, done, of) => `Enviando el ${date}: ${done} de ${of} hechas`,
    done: (date, count) => `${date}: ${appointments(count)} avisadas`,
    interrupted: (date, done, of) => `${date}: detenido a medias, ${done} de ${of} hechas`,
    states: {
      running: 'Cada cita recibe el mensaje una vez. Esta tarjeta se actualiza a medida que terminan.',
      done: 'Microsoft aceptó los mensajes para enviarlos. Cada cita de abajo dice qué pasó con ella.',
      interrupted:
        'La aplicación se detuvo mientras enviaba los mensajes de este día. Cada cita dice en qué punto está; vuelva a ejecutar el día para avisar al resto (nadie recibe dos veces el mensaje).',
    },
    textingNow: 'Enviando ahora…',
    waiting: 'En espera de envío',
    earlier: ' (antes)',
    yourZoneUnknown: 'Indique su zona horaria: no se pudo averiguar. Agregue "timeZone", un identificador IANA como "America/Chicago".',
    notAZone: (name) => `"${name}" no es una zona horaria. Use un identificador IANA como "America/Chicago".`,
    notADate: (date) => `"${date}" no es una fecha. Escríbala como AAAA-MM-DD, p. ej. 2026-12-01.`,
    reasons: {
      cancelled: 'Ya está cancelada en su calendario.',
      allDay: 'Un evento de todo el día, no una cita.',
      notOrganizer: 'La organiza otra persona: solo quien la organiza puede enviar mensajes a sus asistentes.',
      notTeams: 'No es una reunión de Teams: no hay a quién enviar.',
      meetingNotFound: (why) => `Graph no encontró su reunión: ${why}`,
      noJoinLink: 'Ninguna de sus reuniones en línea tiene su vínculo para unirse.',
      noNumbers: 'No hay números guardados para esta cita: nadie recibirá el mensaje.',
      notReached: 'Sin enviar: la aplicación se detuvo antes de llegar a ella. Vuelva a ejecutar el día para enviarle el mensaje.',
    },
  },
  sidePanel: {
    openInMeeting: 'Ábralo en la reunión',
    openInMeetingText: 'Agregue Appointment SMS a la reunión de la cita y ábralo desde el panel lateral de la reunión.',
    loading: 'Cargando la cita…',
    wholeDay: 'Cerrar o mover un día entero…',
    readingCalendar: 'Leyendo su calendario…',
    appointmentsOf: (date) => `Las citas del ${date}.`,
    anotherDay: 'Elegir otro día',
    textingDay: 'Enviando los mensajes del día…',
    textingDayText: 'Cada cita recibe el mensaje una vez. Aquí se ve cada una a medida que termina.',
    progress: (done, of) => `Progreso: ${done} de ${of} citas avisadas.`,
    dayTexted: 'Se enviaron los mensajes del día',
    dayTextedText: 'Cada cita tiene su resultado en la lista de acciones del día.',
    dayDone: 'El día está hecho: cada cita tiene su resultado.',
    backToAppointment: 'Volver a esta cita',
    sending: 'Enviando…',
    sendingText: 'Enviando los mensajes a los asistentes. Tarda un momento.',
    sendingNow: 'Enviando los mensajes a los asistentes…',
    approveText: (why) => `${why} Apruébelo una vez y los mensajes salen.`,
    approve: 'Aprobar',
    approvalUnfinished: 'La aprobación no terminó. No se envió nada; pulse Enviar para volver a intentarlo.',
    fixNumbers: 'No enviado: corrija el cuadro de números, que explica por qué.',
    again: 'Enviar otro mensaje a los asistentes',
    seeHistory: 'Vea el historial abajo.',
    organizerOnly: 'Solo quien organiza',
    back: 'Volver',
    tryAgainIn: (seconds) => ` Vuelva a intentarlo en ${plural('es-US', seconds, { one: '# segundo', other: '# segundos' })}.`,
    announcements: {
      sent: 'Enviado: Microsoft aceptó los mensajes.',
      held: 'Retenido: los mensajes salen cuando empiece el horario de envío.',
      refused: 'No enviado: el recibo explica por qué.',
      failed: 'No enviado: el recibo explica por qué.',
      uncertain: 'Desconocido: puede que los mensajes hayan salido; el recibo dice qué comprobar.',
    },
    outsideTeams: 'Abra Appointment SMS en Teams',
    outsideTeamsText:
      'Esta página es el panel lateral de una cita virtual de Teams. En Teams, abra la reunión de la cita, seleccione Appointment SMS en el panel lateral de la reunión (o agréguelo con +) y envíe desde allí los mensajes a los asistentes.',
    signInFailed: (reason) =>
      `Teams no pudo iniciar su sesión (${reason}). Cierre y vuelva a abrir el panel lateral para intentarlo de nuevo.`,
    unreachable: 'No se pudo contactar con Appointment SMS. Revise su conexión y vuelva a intentarlo.',
    answered: (status) => `Appointment SMS respondió ${status}. Vuelva a intentarlo en un minuto.`,
  },
};
