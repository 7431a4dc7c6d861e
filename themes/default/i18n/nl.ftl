# Porchlight's default theme: Dutch (Nederlands). Keys as in en.ftl, the reference.
# Address: "u", as support desks write.

## Every page (base.html)

skip-to-content = Naar de inhoud
nav-main = Hoofdmenu
nav-tickets = Tickets
nav-docs = Documentatie
nav-contact = Contact opnemen
search-site-label = Zoeken op de site
search-label = Zoeken
search-placeholder = Zoek in documentatie en tickets
search-button = Zoeken
footer-all-tickets = Alle tickets
feed-site-title = { $site }: ticketupdates
language-name = Nederlands
language-picker = Taal

## Feeds (feed.xml of the site and of each ticket)

feed-update-from = Nieuw bericht: { $who }
feed-now = Nieuwe status: { $stage }
feed-stage-on = { $stage } op { $date }

## Stages: name and one line on what it means for the customer

stage-received = Ontvangen
stage-under-review = In beoordeling
stage-confirmed = Bevestigd
stage-in-progress = In behandeling
stage-fix-in-testing = Oplossing in test
stage-released = Vrijgegeven
stage-closed = Gesloten
stage-rejected = Afgewezen
stage-wont-fix = Wordt niet opgelost
stage-received-about = We hebben uw ticket ontvangen. Iemand van het supportteam bekijkt het binnenkort.
stage-under-review-about = We onderzoeken het probleem en vragen u misschien om meer informatie.
stage-confirmed-about = We hebben het probleem bevestigd en het werk ingepland.
stage-in-progress-about = Er wordt aan een oplossing gewerkt.
stage-fix-in-testing-about = Er is een oplossing en die wordt nu getest.
stage-released-about = De oplossing is vrijgegeven.
stage-closed-about = Dit ticket is gesloten.
stage-rejected-about = We hebben dit ticket gesloten zonder iets te veranderen.
stage-wont-fix-about = We hebben besloten dit niet te veranderen.

## Who wrote an update: roles only, never names

role-customer = Klant
role-staff = Supportteam
role-other = Andere klant

## Dates and spans

date-time-utc = { $date } om { $time } UTC
# Dutch counts hours without a plural: "5 uur".
span-minutes = { $count ->
    [one] { $count } minuut
   *[other] { $count } minuten
}
span-hours = { $count ->
   *[other] { $count } uur
}
span-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dagen
}
age-days-ago = { $count ->
    [0] vandaag
    [one] { $count } dag geleden
   *[other] { $count } dagen geleden
}

## Ticket cards in lists (macros.html)

card-overdue = Te laat
card-past-target = Streeftijd overschreden
card-opened = geopend op
card-updated = bijgewerkt op

## Find my ticket (macros.html, find.html)

find-label = Mijn ticket vinden
find-button = Ga
find-hint = Het nummer uit onze e-mail, bijvoorbeeld 4125
find-title = Mijn ticket vinden
find-how = Elk openbaar ticket heeft een eigen pagina: het adres van deze site, dan <code>tickets/</code>, dan het ticketnummer. Ticket 42 staat op <code>{ $base }tickets/42/</code>, ticket HD-7 op <code>{ $base }tickets/HD-7/</code>. Typ het nummer zoals het in onze e-mails staat, zonder de <code>#</code>.
find-none = Een ticket dat niet openbaar is (of een nummer dat wij niet kennen) heeft hier geen pagina. Onder <a href="{ $root }tickets/">Alle tickets</a> vindt u elk openbaar ticket, het nieuwste eerst.

## Home page (home.html)

home-title = Waarmee kunnen we u helpen?
home-search-label = Zoeken op de startpagina
home-search-field = Zoek in de documentatie en tickets
home-open-by-stage = Open tickets per status
home-all-open = { $count ->
    [one] { $count } open ticket
   *[other] Alle { $count } open tickets
}
home-all-tickets = Alle tickets
home-newest-first = nieuwste eerst
home-docs = Documentatie
home-all-articles = Alle { $count } artikelen
home-contact-lead = Hulp nodig bij iets anders?
home-recent = Onlangs bijgewerkte open tickets
home-none-open = Er staat op dit moment geen ticket open.
home-released = Onlangs vrijgegeven en gesloten
home-none-released = Nog niets vrijgegeven.

## Ticket lists (tickets.html)

list-all = Alle tickets
list-all-short = Alle tickets
list-open = Open tickets
list-open-short = Open
list-closed = Gesloten tickets
list-closed-short = Gesloten
list-stage = Tickets: { $stage }
list-all-lead = { $count ->
    [one] { $count } openbaar ticket.
   *[other] { $count } openbare tickets, nieuwste eerst.
}
list-open-lead = { $count ->
    [0] Er staat op dit moment geen ticket open.
    [one] { $count } open ticket (ontvangen, nog niet vrijgegeven of gesloten).
   *[other] { $count } open tickets (ontvangen, nog niet vrijgegeven of gesloten), nieuwste eerst.
}
list-closed-lead = { $count ->
    [0] Er is nog geen ticket vrijgegeven of gesloten.
    [one] { $count } vrijgegeven of gesloten ticket.
   *[other] { $count } vrijgegeven of gesloten tickets, nieuwste eerst.
}
list-stage-lead = { $count ->
    [0] Er is op dit moment geen ticket met deze status.
    [one] { $count } ticket met deze status.
   *[other] { $count } tickets met deze status, nieuwste eerst.
}
list-page-lead = Tickets { $span }, nieuwste eerst.
list-opened-on = geopend op { $date }
list-opened-span = geopend van { $from } tot { $to }
list-filters = Ticketlijsten
list-pager = Pagina's van de ticketlijst
list-newest = Nieuwste
list-newer = ← Nieuwer
list-older = Ouder →
list-oldest = Oudste

## Ticket page (ticket.html)

# Followed by " #4125".
ticket-feed-title = Updates van ticket
ticket-crumb = Tickets
ticket-only-you = Deze pagina is alleen voor u bedoeld: iedereen met de link kan haar lezen, dus deel de link met zorg.
ticket-follow = <a href="feed.xml">Volg dit ticket</a> in een feedreader.
ticket-next-step = Volgende stap:
ticket-latest = Laatste bericht
ticket-read-latest = Lees het hele bericht
ticket-progress = Voortgang
ticket-why = Reden:
ticket-promises = Onze toezeggingen
ticket-kept = nagekomen
ticket-past-target = Streeftijd overschreden
ticket-severity = Ernst
ticket-category = Categorie
ticket-labels = Labels
ticket-opened = Geopend
ticket-last-update = Laatst bijgewerkt
ticket-closed = Gesloten
ticket-took = Doorlooptijd
ticket-expected = Verwacht op
ticket-overdue = Te laat
ticket-estimate = Schatting
ticket-work-left = nog ongeveer { $work } werk, streefdatum { $date }
ticket-target-release = Geplande versie
ticket-fixed-in = Opgelost in
ticket-fix-where = Beschikbaarheid van de oplossing
ticket-done = Gereed
ticket-asked-from = Gevraagd vanaf
ticket-description = Beschrijving
ticket-updates = Berichten
ticket-newest-first = Nieuwste eerst.
ticket-read-oldest = Oudste eerst lezen
ticket-oldest-first = Oudste eerst.
ticket-read-newest = Nieuwste eerst lezen
ticket-link-update = Link naar dit bericht
ticket-still-happening = Doet het probleem zich nog voor? Laat het ons weten
ticket-still-happening-via = Er wordt een nieuw ticket geopend dat naar dit ticket verwijst.
ticket-affects-you = Heeft u hier ook last van?
ticket-affects-me = +1, ik heb hier ook last van
ticket-affects-me-via = Zo weten we hoeveel klanten hiermee te maken hebben.
ticket-something-else = Iets anders?
ticket-history = Geschiedenis
ticket-history-on = op

# Whose turn it is, from the stage and who wrote last.
turn-waiting-for-you = We wachten op uw antwoord.
turn-received = We hebben uw ticket ontvangen en bekijken het binnenkort.
turn-under-review = We zoeken het uit.
turn-confirmed = We hebben het probleem bevestigd en plannen het werk in.
turn-in-progress = We werken eraan.
turn-fix-in-testing = We testen de oplossing.
turn-released = De oplossing is beschikbaar. Laat het ons weten als het probleem zich nog voordoet.
turn-closed = Er hoeft niets meer te gebeuren: dit ticket is gesloten.

# "Where the fix is", for the trackers' words production, staging and development.
fix-everyone = Voor iedereen beschikbaar
fix-testing = Wordt getest
fix-code = Opgelost in onze code, nog niet vrijgegeven

# Promises kept or not.
promise-first-answer = Eerste antwoord
promise-resolution = Oplossing
promise-label = { $label }:
promise-answered-after = beantwoord na { $span }
promise-resolved-after = opgelost na { $span }

## Documentation (doc.html, docs_index.html)

docs-title = Documentatie
doc-on-this-page = Op deze pagina
doc-updated = Laatst bijgewerkt op { $date }
doc-fallback-note = Deze pagina is nog niet in het Nederlands vertaald. U ziet hem in de oorspronkelijke taal.
doc-translations = Ook beschikbaar in:
doc-pager = Vorige en volgende pagina
doc-previous = Vorige
doc-next = Volgende
doc-pages-in = Pagina's in { $section }
doc-all-pages-in = Alle pagina's in { $section }
doc-more = ({ $count } meer)
doc-feedback-question = Heeft dit uw vraag beantwoord?
doc-feedback-yes = Ja
doc-feedback-no = Nee
doc-feedback-thanks = Bedankt! Fijn dat het heeft geholpen.
doc-tickets = Vragen over deze pagina
doc-tickets-lead = Lezers hebben ons vragen gesteld over deze pagina; deze tickets laten zien wat we hebben geantwoord en veranderd.

## Search page (search.html)

search-title = Zoeken
search-page-form = Zoeken met filters
search-page-field = Zoek in documentatie en tickets
search-show = Tonen
search-everything = Alles
search-docs = Documentatie
search-tickets = Tickets
search-stage = Ticketstatus
search-any-stage = Alle statussen
search-more = Meer resultaten tonen
search-ask-us = Geen resultaten? Vraag het ons
search-all-docs = Alle documentatie
search-no-js = Zoeken werkt alleen met JavaScript, en dat staat in deze browser uit. Hieronder staan alle artikelen (met de zoekfunctie van uw browser, Ctrl+F, doorzoekt u hun titels), en <a href="{ $root }tickets/">alle tickets</a> staan op datum.

# A ticket update's heading in search results.
search-update-of = Bericht van { $date }

## Page not found (404.html)

notfound-title = Pagina niet gevonden
notfound-text = Op dit adres staat geen pagina. Als u een link naar een ticket hebt gevolgd, is dat ticket misschien niet meer openbaar.
notfound-links = <a href="{ $root }">Naar de startpagina</a> of <a href="{ $root }docs/">de documentatie bekijken</a>.
notfound-stuck = Komt u er nog steeds niet uit?

## New ticket (new.html)

new-title = Vraag het ons
new-lead = Vertel ons wat u zocht. Een duidelijke melding komt sneller bij de juiste persoon terecht.
new-send = Versturen
new-kind = Om wat voor verzoek gaat het?
new-subject = Onderwerp
new-subject-placeholder = In een paar woorden: wat gaat er mis of wat heeft u nodig?
new-suggest = Is het een van deze?
new-useful = Wat een melding bruikbaar maakt:
new-useful-what = wat u deed en wat er misging (en wat u in plaats daarvan verwachtte);
new-useful-how = hoe we het kunnen nabootsen, stap voor stap;
new-useful-errors = foutmeldingen en logregels, als tekst gekopieerd;
new-useful-screenshots = schermafbeeldingen (voeg ze toe zodra het ticket is aangemaakt).
new-description = Beschrijving
new-warning = <strong>Plak geen wachtwoorden, API-sleutels of persoonsgegevens</strong> (zoals namen, adressen of kaartnummers van uw klanten). Die hebben we nooit nodig om een probleem te onderzoeken.
new-or-write = of schrijf naar
new-no-intake = Voor deze site is nog geen contactkanaal ingesteld. Neem contact met ons op via de weg die in uw contract staat.
new-nojs-carried = Zonder JavaScript verstuurt het formulier uw tekst en de categorie, maar niet de pagina waar u vandaan komt.
new-nojs-email = Zonder JavaScript opent uw e-mailprogramma met alleen uw onderwerp en beschrijving. Vermeld in het bericht ook het soort verzoek en de pagina waar u vandaan komt.
new-nojs-tracker = Zonder JavaScript opent ons ticketsysteem met alleen uw onderwerp en beschrijving. Vul daar ook het soort verzoek en de pagina waar u vandaan komt aan.
new-nojs-none = Zonder JavaScript kan deze pagina ons ticketsysteem niet openen. Zet JavaScript aan, of kopieer uw tekst en open het ticketsysteem zelf.

## Promised and taken times (ticket pages' "Our promises", the new-ticket page)

# After "First answer:" or "Resolution:"; $span is one of the times below, or the config's own
# words for a time. Dutch counts hours without a plural ("binnen 5 uur"), business hours with
# one ("binnen 4 werkuren").
promise-within = binnen { $span }
# The built-in Enhancement level promises no resolution time.
promise-discretion = naar ons inzicht
# A time taken, rounded down, where the rounded time alone would not show it was longer than
# promised: "resolved after more than 3 business days".
promise-more-than = meer dan { $span }
promise-under-a-minute = minder dan een minuut
promise-minutes = { $count } min
promise-business-hours = { $count ->
    [one] { $count } werkuur
   *[other] { $count } werkuren
}
promise-business-days = { $count ->
    [one] { $count } werkdag
   *[other] { $count } werkdagen
}
promise-hours = { $count ->
   *[other] { $count } uur
}
promise-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dagen
}

## New ticket: the built-in categories, the submit button, prefilled tickets (render/intake.rs)

category-question = Vraag
category-question-hint = Hoe doe ik …? Iets waarop de documentatie geen antwoord geeft.
category-urgent-issue = Dringend probleem
category-urgent-issue-hint = Iets legt uw bedrijf op dit moment stil: u kunt niet inloggen, of facturen of betalingen mislukken.
category-server-issue = Serverprobleem
category-server-issue-hint = De dienst is traag, onbereikbaar of geeft serverfouten.
category-issue-with-error = Probleem met foutmelding
category-issue-with-error-hint = Er gaat iets mis en u ziet een foutmelding.
category-issue-without-error = Probleem zonder foutmelding
category-issue-without-error-hint = Iets werkt niet zoals verwacht, maar er verschijnt geen foutmelding.
# $within is "within 3 business days" (promise-within).
new-category-promise = We antwoorden { $within }.
new-submit-email = E-mail opstellen
new-via-email = Uw e-mailprogramma opent met het ingevulde ticket. Controleer het en klik daar op Verzenden.
new-submit-form = Versturen
new-via-form = Het ticket gaat naar ons supportteam.
new-submit-tracker = Verder in ons ticketsysteem
new-via-tracker = Ons ticketsysteem opent met het ingevulde ticket. Controleer het en dien het daar in.
# The tickets "+1, this affects me" and "Still happening? Tell us" fill in: the customer reads
# and sends them, so they are in the site's language. $title is the ticket's title.
draft-affects-subject = +1: #{ $id } { $title }
draft-affects-body = Ik heb hier ook last van: #{ $id } { $title }
draft-still-subject = Doet zich nog steeds voor: #{ $id } { $title }
draft-still-body = Dit probleem doet zich bij mij nog steeds voor, hoewel #{ $id } ({ $title }) de status ‘{ $stage }’ heeft.
# Followed by an empty line the customer writes on.
draft-what-went-wrong = Wat ik deed en wat er misging:

## Browser scripts (search.js, find.js, feedback.js)

# Pages hand these to the scripts (src/i18n/script.rs); a script that finds none uses the same
# English written in it. One selector a message at most. $q is what the reader typed.
script-doc = Artikel
script-ticket = Ticket
# The stage filter's entry for tickets without a stage.
script-stage-other = Overig
script-searching = Bezig met zoeken…
script-unavailable = Zoeken is niet beschikbaar: { $error }
script-error-http = { $file } kon niet worden geladen (HTTP { $status })
script-error-browser = deze browser kan de zoekindex niet lezen
script-error-format = de zoekindex hoort bij een andere versie van deze site; laad de pagina opnieuw
script-error-damaged = de zoekindex is beschadigd
script-no-results-for = Geen resultaten voor ‘{ $q }’.
script-results-for = { $count ->
    [one] { $count } resultaat voor ‘{ $q }’
   *[other] { $count } resultaten voor ‘{ $q }’
}
# Follows script-results-for when the query has several words and some results lack one of
# them; otherwise script-results-end follows.
script-all-words = { $count ->
    [0] : geen daarvan bevat alle zoekwoorden.
    [one] : { $count } daarvan bevat alle zoekwoorden.
   *[other] : { $count } daarvan bevatten alle zoekwoorden.
}
script-results-end = .
script-page-title = Zoeken: { $q }
script-suggestions = Zoeksuggesties
script-see-all = { $count ->
    [one] { $count } resultaat bekijken
   *[other] Alle { $count } resultaten bekijken
}
script-live-none = Geen resultaten. Druk op Enter om te zoeken.
script-live-count = { $count ->
    [one] { $count } resultaat.
   *[other] { $count } resultaten.
}
# Follows script-live-count after a space, for keyboards only.
script-live-arrows = Kies er een met de pijltjestoetsen.
script-find-empty = Typ uw ticketnummer, bijvoorbeeld 4125.
# $ticket is "#4125" for a number, else the id as typed.
script-find-none = Er is geen openbaar ticket { $ticket }.
script-find-looking = Bezig met zoeken naar { $ticket }…
# Above the new-ticket form: where the reader came from.
script-context-page = Over de pagina ‘{ $page }’
script-context-page-section = Over de pagina ‘{ $page }’, sectie ‘{ $section }’
script-context-query = U zocht naar ‘{ $q }’
# Beside a suggested ticket on the new-ticket page.
script-too = Dit is ook mijn probleem
script-need-subject = Vul een onderwerp in.

## Built-in severity levels (a level of the config is named by its `name` and `names`)

severity-severe = Kritiek
severity-high = Hoog
severity-medium = Gemiddeld
severity-low = Laag
severity-enhancement = Verbeterverzoek
