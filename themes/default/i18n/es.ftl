# Porchlight's default theme: Spanish (español). Keys as in en.ftl, the reference.
# Address: "usted", as support desks write. Questions and exclamations open with ¿ and ¡.

## Every page (base.html)

skip-to-content = Saltar al contenido
nav-main = Navegación principal
nav-tickets = Tickets
nav-docs = Documentación
nav-contact = Contactar con soporte
search-site-label = Buscar en el sitio
search-label = Buscar
search-placeholder = Buscar en la documentación y los tickets
search-button = Buscar
footer-all-tickets = Todos los tickets
feed-site-title = { $site }: novedades de los tickets
language-name = Español
language-picker = Idioma

## Feeds (feed.xml of the site and of each ticket)

feed-update-from = Nuevo mensaje: { $who }
feed-now = Nuevo estado: { $stage }
feed-stage-on = { $stage } el { $date }

## Stages: name and one line on what it means for the customer

stage-received = Recibido
stage-under-review = En revisión
stage-confirmed = Confirmado
stage-in-progress = En curso
stage-fix-in-testing = Solución en pruebas
stage-released = Publicado
stage-closed = Cerrado
stage-rejected = Rechazado
stage-wont-fix = No se corregirá
stage-received-about = Hemos recibido su ticket. Alguien del equipo de soporte lo revisará en breve.
stage-under-review-about = Estamos analizando el problema y es posible que le pidamos más detalles.
stage-confirmed-about = Hemos confirmado el problema y planificado el trabajo.
stage-in-progress-about = Alguien del equipo está trabajando en una solución.
stage-fix-in-testing-about = Ya hay una solución y la estamos probando.
stage-released-about = La solución ya está publicada.
stage-closed-about = Este ticket está cerrado.
stage-rejected-about = Hemos cerrado este ticket sin realizar cambios.
stage-wont-fix-about = Hemos decidido no cambiar esto.

## Who wrote an update: roles only, never names

role-customer = Cliente
role-staff = Equipo de soporte
role-other = Otro cliente

## Dates and spans

date-time-utc = { $date }, a las { $time } UTC
span-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
span-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
span-days = { $count ->
    [one] { $count } día
   *[other] { $count } días
}
age-days-ago = { $count ->
    [0] hoy
    [one] hace { $count } día
   *[other] hace { $count } días
}

## Ticket cards in lists (macros.html)

card-overdue = Con retraso
card-past-target = Plazo superado
card-opened = abierto el
card-updated = actualizado el

## Find my ticket (macros.html, find.html)

find-label = Buscar mi ticket
find-button = Ir
find-hint = El número que aparece en nuestro correo, por ejemplo 4125
find-title = Buscar mi ticket
find-how = Cada ticket público tiene su propia página: la dirección de este sitio, después <code>tickets/</code> y después el número del ticket. El ticket 42 está en <code>{ $base }tickets/42/</code> y el ticket HD-7, en <code>{ $base }tickets/HD-7/</code>. Escriba el número tal como aparece en nuestros correos, sin el <code>#</code>.
find-none = Un ticket que no es público (o un número que no conocemos) no tiene página aquí. En <a href="{ $root }tickets/">Todos los tickets</a> encontrará todos los tickets públicos, del más reciente al más antiguo.

## Home page (home.html)

home-title = ¿En qué podemos ayudarle?
home-search-label = Búsqueda en la página de inicio
home-search-field = Buscar en la documentación y los tickets
home-open-by-stage = Tickets abiertos por estado
home-all-open = { $count ->
    [one] { $count } ticket abierto
   *[other] Los { $count } tickets abiertos
}
home-all-tickets = Todos los tickets
home-newest-first = del más reciente al más antiguo
home-docs = Documentación
home-all-articles = Los { $count } artículos
home-contact-lead = ¿Necesita ayuda con algo nuevo?
home-recent = Tickets abiertos actualizados recientemente
home-none-open = Ahora mismo no hay ningún ticket abierto.
home-released = Publicados y cerrados recientemente
home-none-released = Todavía no se ha publicado nada.

## Ticket lists (tickets.html)

list-all = Todos los tickets
list-all-short = Todos los tickets
list-open = Tickets abiertos
list-open-short = Abiertos
list-closed = Tickets cerrados
list-closed-short = Cerrados
list-stage = Tickets: { $stage }
list-all-lead = { $count ->
    [one] { $count } ticket público.
   *[other] { $count } tickets públicos, del más reciente al más antiguo.
}
list-open-lead = { $count ->
    [0] Ahora mismo no hay ningún ticket abierto.
    [one] { $count } ticket abierto (recibido, aún no publicado ni cerrado).
   *[other] { $count } tickets abiertos (recibidos, aún no publicados ni cerrados), del más reciente al más antiguo.
}
list-closed-lead = { $count ->
    [0] Todavía no hay ningún ticket publicado ni cerrado.
    [one] { $count } ticket publicado o cerrado.
   *[other] { $count } tickets publicados o cerrados, del más reciente al más antiguo.
}
list-stage-lead = { $count ->
    [0] Ahora mismo no hay ningún ticket en este estado.
    [one] { $count } ticket en este estado.
   *[other] { $count } tickets en este estado, del más reciente al más antiguo.
}
list-page-lead = Tickets { $span }, del más reciente al más antiguo.
list-opened-on = abiertos el { $date }
list-opened-span = abiertos del { $from } al { $to }
list-filters = Listas de tickets
list-pager = Páginas de la lista de tickets
list-newest = Los más recientes
list-newer = ← Más recientes
list-older = Más antiguos →
list-oldest = Los más antiguos

## Ticket page (ticket.html)

# Followed by " #4125".
ticket-feed-title = Novedades del ticket
ticket-crumb = Tickets
ticket-only-you = Esta página es solo para usted: cualquier persona que tenga el enlace puede leerla, así que compártalo con cuidado.
ticket-follow = <a href="feed.xml">Siga este ticket</a> en un lector de feeds.
ticket-next-step = Siguiente paso:
ticket-latest = Último mensaje
ticket-read-latest = Leer el mensaje completo
ticket-progress = Progreso
ticket-why = Motivo:
ticket-promises = Nuestros compromisos
ticket-kept = cumplido
ticket-past-target = Plazo superado
ticket-severity = Gravedad
ticket-category = Categoría
ticket-labels = Etiquetas
ticket-opened = Abierto
ticket-last-update = Última actualización
ticket-closed = Cerrado
ticket-took = Tiempo de resolución
ticket-expected = Previsto para
ticket-overdue = Con retraso
ticket-estimate = Estimación
ticket-work-left = aproximadamente { $work } de trabajo pendiente, fecha objetivo: { $date }
ticket-target-release = Versión prevista
ticket-fixed-in = Corregido en
ticket-fix-where = Estado de la solución
ticket-done = Completado
ticket-asked-from = Preguntado desde
ticket-description = Descripción
ticket-updates = Mensajes
ticket-newest-first = Primero los más recientes.
ticket-read-oldest = Leer primero los más antiguos
ticket-oldest-first = Primero los más antiguos.
ticket-read-newest = Leer primero los más recientes
ticket-link-update = Enlace a este mensaje
ticket-still-happening = ¿Sigue ocurriendo? Díganoslo
ticket-still-happening-via = Se abrirá un nuevo ticket que hace referencia a este.
ticket-affects-you = ¿Le afecta a usted también?
ticket-affects-me = +1, a mí también me afecta
ticket-affects-me-via = Así sabemos a cuántos clientes afecta este ticket.
ticket-something-else = ¿Necesita otra cosa?
ticket-history = Historial
ticket-history-on = el

# Whose turn it is, from the stage and who wrote last.
turn-waiting-for-you = Estamos esperando su respuesta.
turn-received = Hemos recibido su ticket y lo revisaremos pronto.
turn-under-review = Lo estamos analizando.
turn-confirmed = Hemos confirmado el problema y estamos planificando el trabajo.
turn-in-progress = Estamos trabajando en ello.
turn-fix-in-testing = Estamos probando la solución.
turn-released = La solución ya está disponible. Avísenos si el problema persiste.
turn-closed = No queda nada pendiente: este ticket está cerrado.

# "Where the fix is", for the trackers' words production, staging and development.
fix-everyone = Disponible para todos
fix-testing = En pruebas
fix-code = Corregido en nuestro código, aún no publicado

# Promises kept or not.
promise-first-answer = Primera respuesta
promise-resolution = Resolución
promise-label = { $label }:
promise-answered-after = respondido tras { $span }
promise-resolved-after = resuelto tras { $span }

## Documentation (doc.html, docs_index.html)

docs-title = Documentación
doc-on-this-page = En esta página
doc-updated = Última actualización: { $date }
doc-fallback-note = Esta página aún no está traducida al español. Se muestra en su idioma original.
doc-translations = También disponible en:
doc-pager = Página anterior y siguiente
doc-previous = Anterior
doc-next = Siguiente
doc-pages-in = Páginas de { $section }
doc-all-pages-in = Todas las páginas de { $section }
doc-more = ({ $count } más)
doc-feedback-question = ¿Ha respondido esta página a su pregunta?
doc-feedback-yes = Sí
doc-feedback-no = No
doc-feedback-thanks = ¡Gracias! Nos alegra haberle ayudado.
doc-tickets = Preguntas sobre esta página
doc-tickets-lead = Algunos lectores nos han preguntado sobre esta página; estos tickets muestran lo que respondimos y lo que cambiamos.

## Search page (search.html)

search-title = Búsqueda
search-page-form = Búsqueda con filtros
search-page-field = Buscar en la documentación y los tickets
search-show = Mostrar
search-everything = Todo
search-docs = Documentación
search-tickets = Tickets
search-stage = Estado del ticket
search-any-stage = Cualquier estado
search-more = Mostrar más resultados
search-ask-us = ¿Sin resultados? Pregúntenos
search-all-docs = Toda la documentación
search-no-js = La búsqueda necesita JavaScript, que está desactivado en este navegador. Abajo se enumeran todos los artículos (la búsqueda de su navegador, Ctrl+F, recorre sus títulos) y <a href="{ $root }tickets/">todos los tickets</a> aparecen ordenados por fecha.

# A ticket update's heading in search results.
search-update-of = Mensaje del { $date }

## Page not found (404.html)

notfound-title = Página no encontrada
notfound-text = No hay ninguna página en esta dirección. Si ha seguido un enlace a un ticket, es posible que ya no sea público.
notfound-links = <a href="{ $root }">Ir a la página de inicio</a> o <a href="{ $root }docs/">consultar la documentación</a>.
notfound-stuck = ¿Sigue sin encontrar lo que busca?

## New ticket (new.html)

new-title = Pregúntenos
new-lead = Cuéntenos qué estaba buscando. Una solicitud clara llega antes a la persona adecuada.
new-send = Enviar
new-kind = ¿Qué tipo de solicitud es?
new-subject = Asunto
new-subject-placeholder = En pocas palabras: ¿qué falla o qué necesita?
new-suggest = ¿Es alguno de estos?
new-useful = Qué hace útil una solicitud:
new-useful-what = qué hizo y qué falló (y qué esperaba que ocurriera);
new-useful-how = cómo podemos reproducirlo, paso a paso;
new-useful-errors = los mensajes de error y las líneas de registro, copiados como texto;
new-useful-screenshots = capturas de pantalla (adjúntelas una vez creado el ticket).
new-description = Descripción
new-warning = <strong>No pegue contraseñas, claves de API ni datos personales</strong> (como nombres, direcciones o números de tarjeta de sus clientes). Nunca los necesitamos para investigar un problema.
new-or-write = o escriba a
new-no-intake = Este sitio todavía no tiene ningún canal de contacto configurado. Póngase en contacto con nosotros por la vía que indica su contrato.
new-nojs-carried = Sin JavaScript, el formulario envía su texto y la categoría, pero no la página de la que viene.
new-nojs-email = Sin JavaScript, su programa de correo se abre solo con el asunto y la descripción. Añada al mensaje el tipo de solicitud y la página de la que viene.
new-nojs-tracker = Sin JavaScript, nuestro sistema de tickets se abre solo con el asunto y la descripción. Añada allí el tipo de solicitud y la página de la que viene.
new-nojs-none = Sin JavaScript, esta página no puede abrir nuestro sistema de tickets. Active JavaScript, o copie su texto y abra usted mismo el sistema de tickets.

## Promised and taken times (ticket pages' "Our promises", the new-ticket page)

# After "First answer:" or "Resolution:"; $span is one of the times below, or the config's own
# words for a time. The times also follow "tras" ("respondido tras 40 min").
promise-within = en un plazo de { $span }
# The built-in Enhancement level promises no resolution time.
promise-discretion = según nuestro criterio
# A time taken, rounded down, where the rounded time alone would not show it was longer than
# promised: "resolved after more than 3 business days".
promise-more-than = más de { $span }
promise-under-a-minute = menos de un minuto
promise-minutes = { $count } min
promise-business-hours = { $count ->
    [one] { $count } hora laborable
   *[other] { $count } horas laborables
}
promise-business-days = { $count ->
    [one] { $count } día laborable
   *[other] { $count } días laborables
}
promise-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
promise-days = { $count ->
    [one] { $count } día
   *[other] { $count } días
}

## New ticket: the built-in categories, the submit button, prefilled tickets (render/intake.rs)

category-question = Pregunta
category-question-hint = ¿Cómo se hace …? Algo que la documentación no responde.
category-urgent-issue = Problema urgente
category-urgent-issue-hint = Algo paraliza su negocio en este momento: no puede iniciar sesión, o fallan las facturas o los pagos.
category-server-issue = Problema del servidor
category-server-issue-hint = El servicio va lento, no está accesible o muestra errores del servidor.
category-issue-with-error = Problema con mensaje de error
category-issue-with-error-hint = Algo falla y aparece un mensaje de error.
category-issue-without-error = Problema sin mensaje de error
category-issue-without-error-hint = Algo no funciona como se esperaba, pero no aparece ningún mensaje de error.
# $within is "within 3 business days" (promise-within).
new-category-promise = Respondemos { $within }.
new-submit-email = Escribir el correo
new-via-email = Su programa de correo se abrirá con el ticket ya rellenado; revíselo y pulse Enviar.
new-submit-form = Enviar
new-via-form = El ticket se envía a nuestro equipo de soporte.
new-submit-tracker = Continuar en nuestro sistema de tickets
new-via-tracker = Nuestro sistema de tickets se abrirá con el ticket ya rellenado; revíselo y envíelo desde allí.
# The tickets "+1, this affects me" and "Still happening? Tell us" fill in: the customer reads
# and sends them, so they are in the site's language. $title is the ticket's title.
draft-affects-subject = +1: #{ $id } { $title }
draft-affects-body = A mí también me afecta: #{ $id } { $title }
draft-still-subject = Sigue ocurriendo: #{ $id } { $title }
draft-still-body = Esto me sigue ocurriendo, aunque el ticket #{ $id } ({ $title }) figura como «{ $stage }».
# Followed by an empty line the customer writes on.
draft-what-went-wrong = Qué hice y qué falló:

## Browser scripts (search.js, find.js, feedback.js)

# Pages hand these to the scripts (src/i18n/script.rs); a script that finds none uses the same
# English written in it. One selector a message at most. $q is what the reader typed.
script-doc = Artículo
script-ticket = Ticket
# The stage filter's entry for tickets without a stage.
script-stage-other = Otros
script-searching = Buscando…
script-unavailable = La búsqueda no está disponible: { $error }
script-error-http = no se pudo cargar { $file } (HTTP { $status })
script-error-browser = este navegador no puede leer el índice de búsqueda
script-error-format = el índice de búsqueda es de otra versión de este sitio; vuelva a cargar la página
script-error-damaged = el índice de búsqueda está dañado
script-no-results-for = No hay resultados para «{ $q }».
script-results-for = { $count ->
    [one] { $count } resultado para «{ $q }»
   *[other] { $count } resultados para «{ $q }»
}
# Follows script-results-for when the query has several words and some results lack one of
# them; otherwise script-results-end follows.
script-all-words = { $count ->
    [0] : ninguno contiene todas las palabras.
    [one] : { $count } contiene todas las palabras.
   *[other] : { $count } contienen todas las palabras.
}
script-results-end = .
script-page-title = Búsqueda: { $q }
script-suggestions = Sugerencias de búsqueda
script-see-all = { $count ->
    [one] Ver { $count } resultado
   *[other] Ver los { $count } resultados
}
script-live-none = No hay resultados. Pulse Intro para buscar.
script-live-count = { $count ->
    [one] { $count } resultado.
   *[other] { $count } resultados.
}
# Follows script-live-count after a space, for keyboards only.
script-live-arrows = Use las flechas del teclado para elegir uno.
script-find-empty = Escriba su número de ticket, por ejemplo 4125.
# $ticket is "#4125" for a number, else the id as typed.
script-find-none = No hay ningún ticket público { $ticket }.
script-find-looking = Buscando { $ticket }…
# Above the new-ticket form: where the reader came from.
script-context-page = Sobre la página «{ $page }»
script-context-page-section = Sobre la página «{ $page }», sección «{ $section }»
script-context-query = Ha buscado «{ $q }»
# Beside a suggested ticket on the new-ticket page.
script-too = Yo también tengo este problema
script-need-subject = Escriba un asunto.

## Built-in severity levels (a level of the config is named by its `name` and `names`)

# Feminine, as they follow "Gravedad".
severity-severe = Crítica
severity-high = Alta
severity-medium = Media
severity-low = Baja
severity-enhancement = Mejora
