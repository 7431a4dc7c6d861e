# Porchlight's default theme: German (Deutsch). Keys as in en.ftl, the reference.
# Anrede: "Sie", wie im Kundensupport üblich.

## Every page (base.html)

skip-to-content = Zum Inhalt springen
nav-main = Hauptnavigation
nav-tickets = Tickets
nav-docs = Dokumentation
nav-contact = Support kontaktieren
search-site-label = Website durchsuchen
search-label = Suche
search-placeholder = Dokumentation und Tickets durchsuchen
search-button = Suchen
footer-all-tickets = Alle Tickets
feed-site-title = { $site }: Neuigkeiten zu Tickets
language-name = Deutsch
language-picker = Sprache

## Feeds (feed.xml of the site and of each ticket)

feed-update-from = Neue Nachricht: { $who }
feed-now = Neuer Status: { $stage }
feed-stage-on = { $stage } am { $date }

## Stages: name and one line on what it means for the customer

stage-received = Eingegangen
stage-under-review = In Prüfung
stage-confirmed = Bestätigt
stage-in-progress = In Bearbeitung
stage-fix-in-testing = Lösung im Test
stage-released = Veröffentlicht
stage-closed = Geschlossen
stage-rejected = Abgelehnt
stage-wont-fix = Keine Änderung geplant
stage-received-about = Ihr Ticket ist bei uns eingegangen. Jemand aus dem Support-Team sieht es sich in Kürze an.
stage-under-review-about = Wir untersuchen das Problem und melden uns gegebenenfalls mit Rückfragen.
stage-confirmed-about = Wir haben das Problem bestätigt und die Arbeit eingeplant.
stage-in-progress-about = Jemand arbeitet an einer Lösung.
stage-fix-in-testing-about = Eine Lösung liegt vor und wird getestet.
stage-released-about = Die Lösung wurde veröffentlicht.
stage-closed-about = Dieses Ticket ist geschlossen.
stage-rejected-about = Wir haben dieses Ticket ohne Änderung geschlossen.
stage-wont-fix-about = Wir haben entschieden, hier nichts zu ändern.

## Who wrote an update: roles only, never names

role-customer = Kunde
role-staff = Support-Team
role-other = Anderer Kunde

## Dates and spans

date-time-utc = { $date }, { $time } Uhr UTC
span-minutes = { $count ->
    [one] { $count } Minute
   *[other] { $count } Minuten
}
span-hours = { $count ->
    [one] { $count } Stunde
   *[other] { $count } Stunden
}
span-days = { $count ->
    [one] { $count } Tag
   *[other] { $count } Tage
}
age-days-ago = { $count ->
    [0] heute
    [one] vor { $count } Tag
   *[other] vor { $count } Tagen
}

## Ticket cards in lists (macros.html)

card-overdue = Überfällig
card-past-target = Zielzeit überschritten
card-opened = eröffnet am
card-updated = aktualisiert am

## Find my ticket (macros.html, find.html)

find-label = Mein Ticket finden
find-button = Los
find-hint = Die Nummer aus unserer E-Mail, zum Beispiel 4125
find-title = Mein Ticket finden
find-how = Jedes öffentliche Ticket hat eine eigene Seite: die Adresse dieser Website, dann <code>tickets/</code>, dann die Ticketnummer. Ticket 42 finden Sie unter <code>{ $base }tickets/42/</code>, Ticket HD-7 unter <code>{ $base }tickets/HD-7/</code>. Geben Sie die Nummer so ein, wie sie in unseren E-Mails steht, ohne das <code>#</code>.
find-none = Ein Ticket, das nicht öffentlich ist (oder eine Nummer, die wir nicht kennen), hat hier keine Seite. Unter <a href="{ $root }tickets/">Alle Tickets</a> finden Sie jedes öffentliche Ticket, das neueste zuerst.

## Home page (home.html)

home-title = Wie können wir helfen?
home-search-label = Suche auf der Startseite
home-search-field = Dokumentation und Tickets durchsuchen
home-open-by-stage = Offene Tickets nach Status
home-all-open = { $count ->
    [one] { $count } offenes Ticket
   *[other] Alle { $count } offenen Tickets
}
home-all-tickets = Alle Tickets
home-newest-first = die neuesten zuerst
home-docs = Dokumentation
home-all-articles = Alle { $count } Artikel
home-contact-lead = Haben Sie ein neues Anliegen?
home-recent = Kürzlich aktualisierte offene Tickets
home-none-open = Zurzeit ist kein Ticket offen.
home-released = Kürzlich veröffentlicht und geschlossen
home-none-released = Noch nichts veröffentlicht.

## Ticket lists (tickets.html)

list-all = Alle Tickets
list-all-short = Alle Tickets
list-open = Offene Tickets
list-open-short = Alle offenen
list-closed = Geschlossene Tickets
list-closed-short = Alle geschlossenen
list-stage = Tickets: { $stage }
list-all-lead = { $count ->
    [one] { $count } öffentliches Ticket.
   *[other] { $count } öffentliche Tickets, die neuesten zuerst.
}
list-open-lead = { $count ->
    [0] Zurzeit ist kein Ticket offen.
    [one] { $count } offenes Ticket (eingegangen, noch nicht veröffentlicht oder geschlossen).
   *[other] { $count } offene Tickets (eingegangen, noch nicht veröffentlicht oder geschlossen), die neuesten zuerst.
}
list-closed-lead = { $count ->
    [0] Bisher ist kein Ticket veröffentlicht oder geschlossen.
    [one] { $count } veröffentlichtes oder geschlossenes Ticket.
   *[other] { $count } veröffentlichte oder geschlossene Tickets, die neuesten zuerst.
}
list-stage-lead = { $count ->
    [0] Zurzeit hat kein Ticket diesen Status.
    [one] { $count } Ticket mit diesem Status.
   *[other] { $count } Tickets mit diesem Status, die neuesten zuerst.
}
list-page-lead = Tickets, { $span }, die neuesten zuerst.
list-opened-on = eröffnet am { $date }
list-opened-span = eröffnet vom { $from } bis { $to }
list-filters = Ticketlisten
list-pager = Seiten der Ticketliste
list-newest = Neueste
list-newer = ← Neuere
list-older = Ältere →
list-oldest = Älteste

## Ticket page (ticket.html)

ticket-feed-title = Neuigkeiten zu Ticket
ticket-crumb = Tickets
ticket-only-you = Diese Seite ist nur für Sie bestimmt: Jeder, der den Link kennt, kann sie lesen. Geben Sie den Link deshalb nur mit Bedacht weiter.
ticket-follow = <a href="feed.xml">Folgen Sie diesem Ticket</a> in einem Feedreader.
ticket-next-step = Nächster Schritt:
ticket-latest = Letzte Nachricht
ticket-read-latest = Ganze Nachricht lesen
ticket-progress = Fortschritt
ticket-why = Grund:
ticket-promises = Unsere Zusagen
ticket-kept = eingehalten
ticket-past-target = Zielzeit überschritten
ticket-severity = Dringlichkeit
ticket-category = Kategorie
ticket-labels = Schlagwörter
ticket-opened = Eröffnet
ticket-last-update = Letzte Änderung
ticket-closed = Geschlossen
ticket-took = Bearbeitungsdauer
ticket-expected = Voraussichtlich bis
ticket-overdue = Überfällig
ticket-estimate = Schätzung
ticket-work-left = noch etwa { $work } Arbeit, Ziel: { $date }
ticket-target-release = Geplante Version
ticket-fixed-in = Behoben in
ticket-fix-where = Stand der Lösung
ticket-done = Erledigt
ticket-asked-from = Gefragt auf der Seite
ticket-description = Beschreibung
ticket-updates = Nachrichten
ticket-newest-first = Neueste zuerst.
ticket-read-oldest = Älteste zuerst lesen
ticket-oldest-first = Älteste zuerst.
ticket-read-newest = Neueste zuerst lesen
ticket-link-update = Link zu dieser Nachricht
ticket-still-happening = Tritt das Problem noch auf? Sagen Sie es uns
ticket-still-happening-via = Dabei entsteht ein neues Ticket, das auf dieses verweist.
ticket-affects-you = Betrifft Sie das auch?
ticket-affects-me = +1, betrifft mich auch
ticket-affects-me-via = So sehen wir, wie viele Kunden dieses Ticket betrifft.
ticket-something-else = Ein anderes Anliegen?
ticket-history = Statusverlauf
ticket-history-on = am

turn-waiting-for-you = Wir warten auf Ihre Antwort.
turn-received = Ihr Ticket ist eingegangen; wir sehen es uns bald an.
turn-under-review = Wir gehen der Sache nach.
turn-confirmed = Wir haben das Problem bestätigt und planen die Arbeit.
turn-in-progress = Wir arbeiten daran.
turn-fix-in-testing = Wir testen die Lösung.
turn-released = Die Lösung ist verfügbar. Bitte melden Sie sich, falls das Problem weiterhin auftritt.
turn-closed = Es ist nichts mehr zu tun: Dieses Ticket ist geschlossen.

fix-everyone = Für alle verfügbar
fix-testing = Wird getestet
fix-code = In unserem Code behoben, noch nicht veröffentlicht

promise-first-answer = Erste Antwort
promise-resolution = Lösung
promise-label = { $label }:
promise-answered-after = beantwortet nach { $span }
promise-resolved-after = gelöst nach { $span }

## Documentation (doc.html, docs_index.html)

docs-title = Dokumentation
doc-on-this-page = Auf dieser Seite
doc-updated = Zuletzt aktualisiert am { $date }
doc-fallback-note = Diese Seite ist noch nicht ins Deutsche übersetzt. Sie wird in der Originalsprache angezeigt.
doc-translations = Auch verfügbar auf:
doc-pager = Vorherige und nächste Seite
doc-previous = Zurück
doc-next = Weiter
doc-pages-in = Seiten in { $section }
doc-all-pages-in = Alle Seiten in { $section }
doc-more = ({ $count } weitere)
doc-feedback-question = Hat das Ihre Frage beantwortet?
doc-feedback-yes = Ja
doc-feedback-no = Nein
doc-feedback-thanks = Vielen Dank! Schön, dass es geholfen hat.
doc-tickets = Fragen zu dieser Seite
doc-tickets-lead = Leser haben uns Fragen zu dieser Seite gestellt; diese Tickets zeigen, was wir geantwortet und geändert haben.

## Search page (search.html)

search-title = Suche
search-page-form = Suche mit Filtern
search-page-field = Dokumentation und Tickets durchsuchen
search-show = Anzeigen
search-everything = Alles
search-docs = Artikel
search-tickets = Tickets
search-stage = Ticketstatus
search-any-stage = Jeder Status
search-more = Weitere Ergebnisse anzeigen
search-ask-us = Nichts gefunden? Fragen Sie uns
search-all-docs = Die ganze Dokumentation
search-no-js = Die Suche braucht JavaScript, das in diesem Browser deaktiviert ist. Unten stehen alle Artikel (die Suchfunktion Ihres Browsers, Strg+F, durchsucht ihre Titel), und <a href="{ $root }tickets/">alle Tickets</a> sind nach Datum aufgelistet.
search-update-of = Nachricht vom { $date }

## Page not found (404.html)

notfound-title = Seite nicht gefunden
notfound-text = Unter dieser Adresse gibt es keine Seite. Wenn Sie einem Link zu einem Ticket gefolgt sind, ist es womöglich nicht mehr öffentlich.
notfound-links = <a href="{ $root }">Zur Startseite</a> oder <a href="{ $root }docs/">zur Dokumentation</a>.
notfound-stuck = Kommen Sie nicht weiter?

## New ticket (new.html)

new-title = Fragen Sie uns
new-lead = Beschreiben Sie, wonach Sie gesucht haben. Eine klare Meldung erreicht schneller die richtige Person.
new-send = Senden
new-kind = Um welche Art von Anfrage geht es?
new-subject = Betreff
new-subject-placeholder = In wenigen Worten: Was funktioniert nicht oder was brauchen Sie?
new-suggest = Passt eines davon?
new-useful = Was eine Meldung hilfreich macht:
new-useful-what = was Sie getan haben und was schiefging (und was Sie stattdessen erwartet hatten);
new-useful-how = wie wir es nachstellen können, Schritt für Schritt;
new-useful-errors = Fehlermeldungen und Logzeilen, als Text kopiert;
new-useful-screenshots = Screenshots (hängen Sie sie an, sobald das Ticket angelegt ist).
new-description = Beschreibung
new-warning = <strong>Fügen Sie keine Passwörter, API-Schlüssel oder personenbezogenen Daten ein</strong> (etwa Namen, Adressen oder Kartennummern Ihrer Kunden). Wir brauchen sie nie, um ein Problem zu untersuchen.
new-or-write = oder schreiben Sie an
new-no-intake = Für diese Website ist noch kein Kontaktweg eingerichtet. Bitte kontaktieren Sie uns auf dem Weg, den Ihr Vertrag vorsieht.
new-nojs-carried = Ohne JavaScript sendet das Formular Ihren Text und die Kategorie, aber nicht die Seite, von der Sie kommen.
new-nojs-email = Ohne JavaScript öffnet sich Ihr E-Mail-Programm nur mit Betreff und Beschreibung. Bitte ergänzen Sie in der Nachricht die Art der Anfrage und die Seite, von der Sie kommen.
new-nojs-tracker = Ohne JavaScript öffnet sich unser Ticketsystem nur mit Betreff und Beschreibung. Bitte ergänzen Sie dort die Art der Anfrage und die Seite, von der Sie kommen.
new-nojs-none = Ohne JavaScript kann diese Seite unser Ticketsystem nicht öffnen. Bitte schalten Sie JavaScript ein, oder kopieren Sie Ihren Text und öffnen Sie das Ticketsystem selbst.

## Promised and taken times (ticket pages' "Our promises", the new-ticket page)

# After "First answer:" or "Resolution:"; $span is one of the times below, or the config's own
# words for a time. The times follow "innerhalb von" and "nach", hence the dative plural
# ("3 Arbeitstagen").
promise-within = innerhalb von { $span }
promise-discretion = nach unserem Ermessen
promise-more-than = mehr als { $span }
promise-under-a-minute = weniger als einer Minute
promise-minutes = { $count } Min.
promise-business-hours = { $count ->
    [one] { $count } Arbeitsstunde
   *[other] { $count } Arbeitsstunden
}
promise-business-days = { $count ->
    [one] { $count } Arbeitstag
   *[other] { $count } Arbeitstagen
}
promise-hours = { $count ->
    [one] { $count } Stunde
   *[other] { $count } Stunden
}
promise-days = { $count ->
    [one] { $count } Tag
   *[other] { $count } Tagen
}

## New ticket: the built-in categories, the submit button, prefilled tickets (render/intake.rs)

category-question = Frage
category-question-hint = Wie mache ich …? Etwas, das die Dokumentation nicht beantwortet.
category-urgent-issue = Dringendes Problem
category-urgent-issue-hint = Etwas legt Ihren Betrieb gerade lahm: Sie können sich nicht anmelden, Rechnungen oder Zahlungen schlagen fehl.
category-server-issue = Serverproblem
category-server-issue-hint = Der Dienst ist langsam, nicht erreichbar oder meldet Serverfehler.
category-issue-with-error = Problem mit Fehlermeldung
category-issue-with-error-hint = Etwas geht schief, und Sie sehen eine Fehlermeldung.
category-issue-without-error = Problem ohne Fehlermeldung
category-issue-without-error-hint = Etwas funktioniert nicht wie erwartet, aber es erscheint keine Fehlermeldung.
new-category-promise = Wir antworten { $within }.
new-submit-email = E-Mail schreiben
new-via-email = Ihr E-Mail-Programm öffnet sich mit dem ausgefüllten Ticket. Prüfen Sie es und klicken Sie dort auf „Senden“.
new-submit-form = Senden
new-via-form = Das Ticket geht an unser Support-Team.
new-submit-tracker = Weiter zu unserem Ticketsystem
new-via-tracker = Unser Ticketsystem öffnet sich mit dem ausgefüllten Ticket. Prüfen Sie es und reichen Sie es dort ein.
draft-affects-subject = +1: #{ $id } { $title }
draft-affects-body = Das betrifft mich auch: #{ $id } { $title }
draft-still-subject = Tritt weiterhin auf: #{ $id } { $title }
draft-still-body = Das passiert bei mir weiterhin, obwohl #{ $id } ({ $title }) den Status „{ $stage }“ hat.
draft-what-went-wrong = Was ich getan habe und was schiefging:

## Browser scripts (search.js, find.js, feedback.js)

script-doc = Artikel
script-ticket = Ticket
script-stage-other = Sonstige
script-searching = Suche läuft …
script-unavailable = Die Suche ist nicht verfügbar: { $error }
script-error-http = { $file } konnte nicht geladen werden (HTTP { $status })
script-error-browser = dieser Browser kann den Suchindex nicht lesen
script-error-format = der Suchindex stammt von einer anderen Version dieser Website; bitte laden Sie die Seite neu
script-error-damaged = der Suchindex ist beschädigt
script-no-results-for = Keine Ergebnisse für „{ $q }“.
script-results-for = { $count ->
    [one] { $count } Ergebnis für „{ $q }“
   *[other] { $count } Ergebnisse für „{ $q }“
}
script-all-words = { $count ->
    [0] : Keines enthält alle Suchwörter.
    [one] : { $count } davon enthält alle Suchwörter.
   *[other] : { $count } davon enthalten alle Suchwörter.
}
script-results-end = .
script-page-title = Suche: { $q }
script-suggestions = Suchvorschläge
script-see-all = { $count ->
    [one] Das eine Ergebnis ansehen
   *[other] Alle { $count } Ergebnisse ansehen
}
script-live-none = Keine Ergebnisse. Drücken Sie die Eingabetaste, um zu suchen.
script-live-count = { $count ->
    [one] { $count } Ergebnis.
   *[other] { $count } Ergebnisse.
}
script-live-arrows = Mit den Pfeiltasten wählen Sie eines aus.
script-find-empty = Geben Sie Ihre Ticketnummer ein, zum Beispiel 4125.
script-find-none = Es gibt kein öffentliches Ticket { $ticket }.
script-find-looking = Wir suchen { $ticket } …
script-context-page = Zur Seite „{ $page }“
script-context-page-section = Zur Seite „{ $page }“, Abschnitt „{ $section }“
script-context-query = Ihre Suche: „{ $q }“
script-too = Das ist auch mein Problem
script-need-subject = Bitte geben Sie einen Betreff ein.

## Built-in severity levels (a level of the config is named by its `name` and `names`)

severity-severe = Kritisch
severity-high = Hoch
severity-medium = Mittel
severity-low = Niedrig
severity-enhancement = Verbesserungswunsch
