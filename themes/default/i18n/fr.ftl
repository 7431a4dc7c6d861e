# Porchlight's default theme: French (français). Keys as in en.ftl, the reference.
# Address: "vous", as support desks write. Typography: a narrow no-break space (U+202F)
# before ? ! : ; and the typographic apostrophe ’ (tests/i18n_catalogs.rs checks both).

## Every page (base.html)

skip-to-content = Aller au contenu
nav-main = Navigation principale
nav-tickets = Tickets
nav-docs = Documentation
nav-contact = Contacter le support
search-site-label = Rechercher sur le site
search-label = Rechercher
search-placeholder = Rechercher dans la documentation et les tickets
search-button = Rechercher
footer-all-tickets = Tous les tickets
feed-site-title = { $site } : suivi des tickets
language-name = Français
language-picker = Langue

## Feeds (feed.xml of the site and of each ticket)

feed-update-from = Nouveau message : { $who }
feed-now = Nouveau statut : { $stage }
feed-stage-on = { $stage } le { $date }

## Stages: name and one line on what it means for the customer

stage-received = Reçu
stage-under-review = En cours d’analyse
stage-confirmed = Confirmé
stage-in-progress = En cours de traitement
stage-fix-in-testing = Correctif en test
stage-released = Publié
stage-closed = Clôturé
stage-rejected = Refusé
stage-wont-fix = Ne sera pas corrigé
stage-received-about = Nous avons bien reçu votre ticket. Un membre de l’équipe support va l’examiner sous peu.
stage-under-review-about = Nous analysons le problème et pourrons vous demander des précisions.
stage-confirmed-about = Nous avons confirmé le problème et planifié sa correction.
stage-in-progress-about = Un membre de notre équipe travaille sur un correctif.
stage-fix-in-testing-about = Un correctif est prêt et en cours de test.
stage-released-about = Le correctif a été publié.
stage-closed-about = Ce ticket est clôturé.
stage-rejected-about = Nous avons clôturé ce ticket sans apporter de modification.
stage-wont-fix-about = Nous avons décidé de ne pas modifier ce point.

## Who wrote an update: roles only, never names

role-customer = Client
role-staff = Équipe support
role-other = Autre client

## Dates and spans

# French counts 0 and 1 as singular ("0 jour"); CLDR's plural rules say so, Fluent follows.
date-time-utc = { $date } à { $time } UTC
span-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
span-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
span-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
age-days-ago = { $count ->
    [0] aujourd’hui
    [one] il y a { $count } jour
   *[other] il y a { $count } jours
}

## Ticket cards in lists (macros.html)

card-overdue = En retard
card-past-target = Délai dépassé
card-opened = ouvert le
card-updated = mis à jour le

## Find my ticket (macros.html, find.html)

find-label = Retrouver mon ticket
find-button = Afficher
find-hint = Le numéro indiqué dans notre e-mail, par exemple 4125
find-title = Retrouver mon ticket
find-how = Chaque ticket public a sa propre page : l’adresse de ce site, puis <code>tickets/</code>, puis le numéro du ticket. Le ticket 42 se trouve à l’adresse <code>{ $base }tickets/42/</code>, le ticket HD-7 à l’adresse <code>{ $base }tickets/HD-7/</code>. Saisissez le numéro tel qu’il figure dans nos e-mails, sans le <code>#</code>.
find-none = Un ticket qui n’est pas public (ou un numéro que nous ne connaissons pas) n’a pas de page ici. <a href="{ $root }tickets/">Tous les tickets</a> répertorie chaque ticket public, du plus récent au plus ancien.

## Home page (home.html)

home-title = Comment pouvons-nous vous aider ?
home-search-label = Recherche sur la page d’accueil
home-search-field = Rechercher dans la documentation et les tickets
home-open-by-stage = Tickets ouverts par statut
home-all-open = { $count ->
    [one] { $count } ticket ouvert
   *[other] Les { $count } tickets ouverts
}
home-all-tickets = Tous les tickets
home-newest-first = du plus récent au plus ancien
home-docs = Documentation
home-all-articles = Les { $count } articles
home-contact-lead = Besoin d’aide pour un autre sujet ?
home-recent = Tickets ouverts récemment mis à jour
home-none-open = Aucun ticket n’est ouvert pour le moment.
home-released = Récemment publiés et clôturés
home-none-released = Rien n’a encore été publié.

## Ticket lists (tickets.html)

list-all = Tous les tickets
list-all-short = Tous les tickets
list-open = Tickets ouverts
list-open-short = Ouverts
list-closed = Tickets clôturés
list-closed-short = Clôturés
list-stage = Tickets : { $stage }
list-all-lead = { $count ->
    [one] { $count } ticket public.
   *[other] { $count } tickets publics, du plus récent au plus ancien.
}
list-open-lead = { $count ->
    [0] Aucun ticket n’est ouvert pour le moment.
    [one] { $count } ticket ouvert (reçu, pas encore publié ni clôturé).
   *[other] { $count } tickets ouverts (reçus, pas encore publiés ni clôturés), du plus récent au plus ancien.
}
list-closed-lead = { $count ->
    [0] Aucun ticket n’a encore été publié ni clôturé.
    [one] { $count } ticket publié ou clôturé.
   *[other] { $count } tickets publiés ou clôturés, du plus récent au plus ancien.
}
list-stage-lead = { $count ->
    [0] Aucun ticket n’a ce statut pour le moment.
    [one] { $count } ticket avec ce statut.
   *[other] { $count } tickets avec ce statut, du plus récent au plus ancien.
}
list-page-lead = Tickets { $span }, du plus récent au plus ancien.
list-opened-on = ouverts le { $date }
list-opened-span = ouverts du { $from } au { $to }
list-filters = Listes de tickets
list-pager = Pages de la liste des tickets
list-newest = Les plus récents
list-newer = ← Plus récents
list-older = Plus anciens →
list-oldest = Les plus anciens

## Ticket page (ticket.html)

# Followed by " #4125".
ticket-feed-title = Suivi du ticket
ticket-crumb = Tickets
ticket-only-you = Cette page vous est réservée : toute personne disposant du lien peut la lire, partagez-le donc avec précaution.
ticket-follow = <a href="feed.xml">Suivez ce ticket</a> dans un lecteur de flux.
ticket-next-step = Prochaine étape :
ticket-latest = Dernier message
ticket-read-latest = Lire le message en entier
ticket-progress = Avancement
ticket-why = Motif :
ticket-promises = Nos engagements
ticket-kept = tenu
ticket-past-target = Délai dépassé
ticket-severity = Gravité
ticket-category = Catégorie
ticket-labels = Étiquettes
ticket-opened = Ouvert le
ticket-last-update = Dernière mise à jour
ticket-closed = Clôturé le
ticket-took = Durée de résolution
ticket-expected = Échéance
ticket-overdue = En retard
ticket-estimate = Estimation
ticket-work-left = il reste environ { $work } de travail, objectif : { $date }
ticket-target-release = Version prévue
ticket-fixed-in = Corrigé dans
ticket-fix-where = Disponibilité du correctif
ticket-done = Réalisé
ticket-asked-from = Question posée depuis
ticket-description = Description
ticket-updates = Échanges
ticket-newest-first = Les plus récents d’abord.
ticket-read-oldest = Lire du plus ancien au plus récent
ticket-oldest-first = Les plus anciens d’abord.
ticket-read-newest = Lire du plus récent au plus ancien
ticket-link-update = Lien vers ce message
ticket-still-happening = Le problème persiste ? Dites-le-nous
ticket-still-happening-via = Cela ouvre un nouveau ticket qui renvoie à celui-ci.
ticket-affects-you = Êtes-vous également concerné ?
ticket-affects-me = +1, je suis concerné
ticket-affects-me-via = Cela nous indique combien de clients sont concernés par ce ticket.
ticket-something-else = Autre chose ?
ticket-history = Historique
ticket-history-on = le

# Whose turn it is, from the stage and who wrote last.
turn-waiting-for-you = Nous attendons votre réponse.
turn-received = Nous avons bien reçu votre ticket et allons l’examiner prochainement.
turn-under-review = Nous analysons le problème.
turn-confirmed = Nous avons confirmé le problème et planifions sa correction.
turn-in-progress = Nous y travaillons.
turn-fix-in-testing = Nous testons le correctif.
turn-released = Le correctif est disponible. Dites-nous si le problème persiste.
turn-closed = Il n’y a plus rien à faire : ce ticket est clôturé.

# "Where the fix is", for the trackers' words production, staging and development.
fix-everyone = Disponible pour tous
fix-testing = En cours de test
fix-code = Corrigé dans notre code, pas encore publié

# Promises kept or not.
promise-first-answer = Première réponse
promise-resolution = Résolution
promise-label = { $label } :
promise-answered-after = réponse au bout de { $span }
promise-resolved-after = résolu au bout de { $span }

## Documentation (doc.html, docs_index.html)

docs-title = Documentation
doc-on-this-page = Sur cette page
doc-updated = Dernière mise à jour le { $date }
doc-fallback-note = Cette page n’a pas encore été traduite en français. Elle est affichée dans sa langue d’origine.
doc-translations = Également disponible en :
doc-pager = Page précédente et page suivante
doc-previous = Précédent
doc-next = Suivant
doc-pages-in = Pages de la rubrique { $section }
doc-all-pages-in = Toutes les pages de la rubrique { $section }
doc-more = ({ $count } de plus)
doc-feedback-question = Cette page a-t-elle répondu à votre question ?
doc-feedback-yes = Oui
doc-feedback-no = Non
doc-feedback-thanks = Merci ! Nous sommes ravis d’avoir pu vous aider.
doc-tickets = Questions sur cette page
doc-tickets-lead = Des lecteurs nous ont posé des questions sur cette page ; ces tickets montrent ce que nous avons répondu et modifié.

## Search page (search.html)

search-title = Recherche
search-page-form = Recherche avec filtres
search-page-field = Rechercher dans la documentation et les tickets
search-show = Afficher
search-everything = Tout
search-docs = Documentation
search-tickets = Tickets
search-stage = Statut du ticket
search-any-stage = Tous les statuts
search-more = Afficher plus de résultats
search-ask-us = Aucun résultat ? Posez-nous la question
search-all-docs = Toute la documentation
search-no-js = La recherche nécessite JavaScript, qui est désactivé dans ce navigateur. Tous les articles sont listés ci-dessous (la recherche de votre navigateur, Ctrl+F, parcourt leurs titres) et <a href="{ $root }tickets/">tous les tickets</a> sont classés par date.

# A ticket update's heading in search results.
search-update-of = Message du { $date }

## Page not found (404.html)

notfound-title = Page introuvable
notfound-text = Aucune page n’existe à cette adresse. Si vous avez suivi un lien vers un ticket, celui-ci n’est peut-être plus public.
notfound-links = <a href="{ $root }">Aller à la page d’accueil</a> ou <a href="{ $root }docs/">parcourir la documentation</a>.
notfound-stuck = Vous ne trouvez toujours pas ?

## New ticket (new.html)

new-title = Nous contacter
new-lead = Dites-nous ce que vous cherchiez. Une demande claire parvient plus vite à la bonne personne.
new-send = Envoyer
new-kind = De quel type de demande s’agit-il ?
new-subject = Objet
new-subject-placeholder = En quelques mots : quel est le problème ou de quoi avez-vous besoin ?
new-suggest = S’agit-il de l’un de ces sujets ?
new-useful = Ce qui rend une demande utile :
new-useful-what = ce que vous avez fait et ce qui n’a pas fonctionné (et ce à quoi vous vous attendiez) ;
new-useful-how = comment nous pouvons reproduire le problème, étape par étape ;
new-useful-errors = les messages d’erreur et les lignes de journal, copiés sous forme de texte ;
new-useful-screenshots = des captures d’écran (à joindre une fois le ticket créé).
new-description = Description
new-warning = <strong>Ne collez ni mots de passe, ni clés d’API, ni données personnelles</strong> (comme les noms, adresses ou numéros de carte de vos clients). Nous n’en avons jamais besoin pour analyser un problème.
new-or-write = ou écrivez à
new-no-intake = Ce site n’a pas encore de canal de contact. Veuillez nous joindre par le moyen prévu dans votre contrat.
new-nojs-carried = Sans JavaScript, le formulaire envoie votre texte et la catégorie, mais pas la page d’où vous venez.
new-nojs-email = Sans JavaScript, votre messagerie s’ouvre avec seulement l’objet et la description. Veuillez ajouter au message le type de demande et la page d’où vous venez.
new-nojs-tracker = Sans JavaScript, notre outil de suivi s’ouvre avec seulement l’objet et la description. Veuillez y ajouter le type de demande et la page d’où vous venez.
new-nojs-none = Sans JavaScript, cette page ne peut pas ouvrir notre outil de suivi. Veuillez activer JavaScript, ou copier votre texte et ouvrir l’outil de suivi vous-même.

## Promised and taken times (ticket pages' "Our promises", the new-ticket page)

# After "First answer:" or "Resolution:"; $span is one of the times below, or the config's own
# words for a time. The times also follow "au bout de" ("réponse au bout de 40 min").
promise-within = sous { $span }
# The built-in Enhancement level promises no resolution time.
promise-discretion = à notre discrétion
# A time taken, rounded down, where the rounded time alone would not show it was longer than
# promised: "resolved after more than 3 business days".
promise-more-than = plus de { $span }
promise-under-a-minute = moins d’une minute
promise-minutes = { $count } min
promise-business-hours = { $count ->
    [one] { $count } heure ouvrée
   *[other] { $count } heures ouvrées
}
promise-business-days = { $count ->
    [one] { $count } jour ouvré
   *[other] { $count } jours ouvrés
}
promise-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
promise-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}

## New ticket: the built-in categories, the submit button, prefilled tickets (render/intake.rs)

category-question = Question
category-question-hint = Comment faire pour … ? Une question à laquelle la documentation ne répond pas.
category-urgent-issue = Problème urgent
category-urgent-issue-hint = Un problème bloque votre activité en ce moment : impossible de vous connecter, échec des factures ou des paiements.
category-server-issue = Problème de serveur
category-server-issue-hint = Le service est lent, inaccessible ou renvoie des erreurs serveur.
category-issue-with-error = Problème avec message d’erreur
category-issue-with-error-hint = Quelque chose ne fonctionne pas et un message d’erreur s’affiche.
category-issue-without-error = Problème sans message d’erreur
category-issue-without-error-hint = Quelque chose ne fonctionne pas comme prévu, mais aucun message d’erreur ne s’affiche.
# $within is "within 3 business days" (promise-within).
new-category-promise = Nous répondons { $within }.
new-submit-email = Rédiger l’e-mail
new-via-email = Votre messagerie s’ouvre avec le ticket déjà rempli ; vérifiez-le, puis cliquez sur Envoyer.
new-submit-form = Envoyer
new-via-form = Le ticket est transmis à notre équipe support.
new-submit-tracker = Continuer sur notre outil de suivi
new-via-tracker = Notre outil de suivi s’ouvre avec le ticket déjà rempli ; vérifiez-le, puis envoyez-le depuis l’outil.
# The tickets "+1, this affects me" and "Still happening? Tell us" fill in: the customer reads
# and sends them, so they are in the site's language. $title is the ticket's title.
draft-affects-subject = +1 : #{ $id } { $title }
draft-affects-body = Cela me concerne aussi : #{ $id } { $title }
draft-still-subject = Le problème persiste : #{ $id } { $title }
draft-still-body = Le problème persiste chez moi, bien que le ticket #{ $id } ({ $title }) ait le statut « { $stage } ».
# Followed by an empty line the customer writes on.
draft-what-went-wrong = Ce que j’ai fait et ce qui n’a pas fonctionné :

## Browser scripts (search.js, find.js, feedback.js)

# Pages hand these to the scripts (src/i18n/script.rs); a script that finds none uses the same
# English written in it. One selector a message at most. $q is what the reader typed.
# French guillemets take a narrow no-break space inside, as the marks above.
script-doc = Article
script-ticket = Ticket
# The stage filter's entry for tickets without a stage.
script-stage-other = Autre
script-searching = Recherche en cours…
script-unavailable = La recherche n’est pas disponible : { $error }
script-error-http = impossible de charger { $file } (HTTP { $status })
script-error-browser = ce navigateur ne sait pas lire l’index de recherche
script-error-format = l’index de recherche provient d’une autre version de ce site ; rechargez la page
script-error-damaged = l’index de recherche est endommagé
script-no-results-for = Aucun résultat pour « { $q } ».
script-results-for = { $count ->
    [one] { $count } résultat pour « { $q } »
   *[other] { $count } résultats pour « { $q } »
}
# Follows script-results-for when the query has several words and some results lack one of
# them; otherwise script-results-end follows. Each variant starts with the narrow no-break
# space of its colon.
script-all-words = { $count ->
    [0]  : aucun ne contient tous les mots.
    [one]  : { $count } contient tous les mots.
   *[other]  : { $count } contiennent tous les mots.
}
script-results-end = .
script-page-title = Recherche : { $q }
script-suggestions = Suggestions de recherche
script-see-all = { $count ->
    [one] Voir le résultat ({ $count })
   *[other] Voir les { $count } résultats
}
script-live-none = Aucun résultat. Appuyez sur Entrée pour lancer la recherche.
script-live-count = { $count ->
    [one] { $count } résultat.
   *[other] { $count } résultats.
}
# Follows script-live-count after a space, for keyboards only.
script-live-arrows = Choisissez-en un avec les flèches du clavier.
script-find-empty = Saisissez votre numéro de ticket, par exemple 4125.
# $ticket is "#4125" for a number, else the id as typed.
script-find-none = Il n’existe aucun ticket public { $ticket }.
script-find-looking = Recherche du ticket { $ticket }…
# Above the new-ticket form: where the reader came from.
script-context-page = À propos de la page « { $page } »
script-context-page-section = À propos de la page « { $page } », section « { $section } »
script-context-query = Vous avez recherché « { $q } »
# Beside a suggested ticket on the new-ticket page.
script-too = J’ai aussi ce problème
script-need-subject = Veuillez saisir un objet.

## Built-in severity levels (a level of the config is named by its `name` and `names`)

# Feminine, as they follow "Gravité".
severity-severe = Critique
severity-high = Élevée
severity-medium = Moyenne
severity-low = Faible
severity-enhancement = Amélioration
