# Porchlight's default theme: English, the reference language.
#
# Every word the site prints comes from here (templates call trans(key="…"), the Rust code
# formats the rest). A translation is a copy of this file with the text after each `=`
# translated; a missing key falls back to English with a warning. Messages may hold inline
# HTML (<code>, <strong>); variables ({ $count }) must stay as they are.
# Fluent syntax: https://projectfluent.org/fluent/guide/

## Every page (base.html)

skip-to-content = Skip to content
nav-main = Main
nav-tickets = Tickets
nav-docs = Documentation
nav-contact = Contact support
search-site-label = Search the site
search-label = Search
search-placeholder = Search docs and tickets
search-button = Search
footer-all-tickets = All tickets
feed-site-title = { $site }: ticket updates
# The language's own name for itself, in the language picker of a multilingual site.
language-name = English
language-picker = Language

## Feeds (feed.xml of the site and of each ticket)

feed-update-from = Update from { $who }
feed-now = Now: { $stage }
feed-stage-on = { $stage } on { $date }

## Stages: name and one line on what it means for the customer

stage-received = Received
stage-under-review = Under review
stage-confirmed = Confirmed
stage-in-progress = In progress
stage-fix-in-testing = Fix in testing
stage-released = Released
stage-closed = Closed
stage-rejected = Rejected
stage-wont-fix = Won't fix
stage-received-about = We have your ticket. Someone from the support team will look at it soon.
stage-under-review-about = We are looking into the problem and may ask you for details.
stage-confirmed-about = We have confirmed the problem and planned the work.
stage-in-progress-about = Someone is working on a fix.
stage-fix-in-testing-about = A fix exists and is being tested.
stage-released-about = The fix has been released.
stage-closed-about = This ticket is closed.
stage-rejected-about = We closed this ticket without a change.
stage-wont-fix-about = We decided not to change this.

## Who wrote an update: roles only, never names

role-customer = Customer
role-staff = Support team
role-other = Another customer

## Dates and spans

# "3 March 2026, 14:05 UTC": the date and the time come formatted for the language.
date-time-utc = { $date }, { $time } UTC
span-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
span-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
span-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
age-days-ago = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}

## Ticket cards in lists (macros.html)

card-overdue = Overdue
card-past-target = Past our target
card-opened = opened
card-updated = updated

## Find my ticket (macros.html, find.html)

find-label = Find my ticket
find-button = Go
find-hint = The number from our e-mail, for example 4125
find-title = Find my ticket
find-how = Each public ticket has its own page: the address of this site, then <code>tickets/</code>, then the ticket number. Ticket 42 is at <code>{ $base }tickets/42/</code>, ticket HD-7 at <code>{ $base }tickets/HD-7/</code>. Type the number as it stands in our e-mails, without the <code>#</code>.
find-none = A ticket that is not public (or a number we do not know) has no page here. <a href="{ $root }tickets/">All tickets</a> lists every public ticket, newest first.

## Home page (home.html)

home-title = How can we help?
home-search-label = Search on the home page
home-search-field = Search the documentation and tickets
home-open-by-stage = Open tickets by stage
home-all-open = { $count ->
    [one] All { $count } open ticket
   *[other] All { $count } open tickets
}
home-all-tickets = All tickets
home-newest-first = newest first
home-docs = Documentation
home-all-articles = All { $count } articles
home-contact-lead = Need help with something new?
home-recent = Recently updated open tickets
home-none-open = No ticket is open right now.
home-released = Recently released and closed
home-none-released = Nothing released yet.

## Ticket lists (tickets.html)

list-all = All tickets
list-all-short = All tickets
list-open = Open tickets
list-open-short = All open
list-closed = Closed tickets
list-closed-short = All closed
list-stage = Tickets: { $stage }
list-all-lead = { $count ->
    [one] { $count } public ticket, newest first.
   *[other] { $count } public tickets, newest first.
}
list-open-lead = { $count ->
    [0] No ticket is open right now.
    [one] { $count } open ticket (received, not yet released or closed), newest first.
   *[other] { $count } open tickets (received, not yet released or closed), newest first.
}
list-closed-lead = { $count ->
    [0] No ticket is released or closed yet.
    [one] { $count } released or closed ticket, newest first.
   *[other] { $count } released or closed tickets, newest first.
}
list-stage-lead = { $count ->
    [0] No ticket is at this stage right now.
    [one] { $count } ticket at this stage, newest first.
   *[other] { $count } tickets at this stage, newest first.
}
list-page-lead = Tickets { $span }, newest first.
list-opened-on = opened on { $date }
list-opened-span = opened { $from } to { $to }
list-filters = Ticket lists
list-pager = Pages of the ticket list
list-newest = Newest
list-newer = ← Newer
list-older = Older →
list-oldest = Oldest

## Ticket page (ticket.html)

# Followed by " #4125".
ticket-feed-title = Updates to
ticket-crumb = Tickets
ticket-only-you = This page is only for you: anyone with its link can read it, so share the link with care.
ticket-follow = <a href="feed.xml">Follow this ticket</a> in a feed reader.
ticket-next-step = Next step:
ticket-latest = Latest update
ticket-read-latest = Read the whole update
ticket-progress = Progress
ticket-why = Why:
ticket-promises = Our promises
ticket-kept = kept
ticket-past-target = Past our target
ticket-severity = Severity
ticket-category = Category
ticket-labels = Labels
ticket-opened = Opened
ticket-last-update = Last update
ticket-closed = Closed
ticket-took = Resolution took
ticket-expected = Expected by
ticket-overdue = Overdue
ticket-estimate = Estimate
ticket-work-left = about { $work } of work left, target { $date }
ticket-target-release = Target release
ticket-fixed-in = Fixed in
ticket-fix-where = Where the fix is
ticket-done = Done
ticket-asked-from = Asked from
ticket-description = Description
ticket-updates = Updates
ticket-newest-first = Newest first.
ticket-read-oldest = Read oldest first
ticket-oldest-first = Oldest first.
ticket-read-newest = Read newest first
ticket-link-update = Link to this update
ticket-still-happening = Still happening? Tell us
ticket-still-happening-via = It opens a new ticket that refers to this one.
ticket-affects-you = Does this affect you too?
ticket-affects-me = +1, this affects me
ticket-affects-me-via = It tells us how many customers this ticket affects.
ticket-something-else = Something else?
ticket-history = History
ticket-history-on = on

# Whose turn it is, from the stage and who wrote last.
turn-waiting-for-you = We are waiting for your answer.
turn-received = We have your ticket and will look at it soon.
turn-under-review = We are looking into it.
turn-confirmed = We have confirmed the problem and are planning the work.
turn-in-progress = We are working on it.
turn-fix-in-testing = We are testing the fix.
turn-released = The fix is available. Tell us if it still happens.
turn-closed = Nothing is left to do: this ticket is closed.

# "Where the fix is", for the trackers' words production, staging and development.
fix-everyone = Available to everyone
fix-testing = Being tested
fix-code = Fixed in our code, not released yet

# Promises kept or not.
promise-first-answer = First answer
promise-resolution = Resolution
# A promise's name before its words: "First answer: within 1 business day".
promise-label = { $label }:
promise-answered-after = answered after { $span }
promise-resolved-after = resolved after { $span }

## Documentation (doc.html, docs_index.html)

docs-title = Documentation
doc-on-this-page = On this page
doc-updated = Last updated { $date }
# A doc shown in the default language because this language has no version of it.
doc-fallback-note = This page has not been translated into English yet. It is shown in its original language.
# Followed by links to the doc's versions in other languages.
doc-translations = Also available in:
doc-pager = Previous and next page
doc-previous = Previous
doc-next = Next
doc-pages-in = Pages in { $section }
doc-all-pages-in = All pages in { $section }
doc-more = ({ $count } more)
doc-feedback-question = Did this answer your question?
doc-feedback-yes = Yes
doc-feedback-no = No
doc-feedback-thanks = Thank you! Glad it helped.
doc-tickets = Questions about this page
doc-tickets-lead = Readers asked us about this page; these tickets show what we answered and changed.

## Search page (search.html)

search-title = Search
search-page-form = Search with filters
search-page-field = Search docs and tickets
search-show = Show
search-everything = Everything
search-docs = Docs
search-tickets = Tickets
search-stage = Ticket stage
search-any-stage = Any stage
search-more = Show more results
search-ask-us = No results? Ask us
search-all-docs = All documentation
search-no-js = Search needs JavaScript, which is off in this browser. Every article is listed below (your browser's find, Ctrl+F, searches their titles), and <a href="{ $root }tickets/">all tickets</a> are listed by date.

# A ticket update's heading in search results.
search-update-of = Update of { $date }

## Page not found (404.html)

notfound-title = Page not found
notfound-text = There is no page at this address. If you followed a link to a ticket, it may have been closed to the public.
notfound-links = <a href="{ $root }">Go to the start page</a> or <a href="{ $root }docs/">browse the documentation</a>.
notfound-stuck = Still stuck?

## New ticket (new.html)

new-title = Ask us
new-lead = Tell us what you were looking for. A clear report reaches the right person faster.
new-send = Send
new-kind = What kind of request is it?
new-subject = Subject
new-subject-placeholder = In a few words: what is wrong or what do you need?
new-suggest = Is it one of these?
new-useful = What makes a report useful:
new-useful-what = what you did and what went wrong (what you expected instead);
new-useful-how = how we can reproduce it, step by step;
new-useful-errors = error messages and log lines, copied as text;
new-useful-screenshots = screenshots (attach them once the ticket exists).
new-description = Description
new-warning = <strong>Do not paste passwords, API keys or personal data</strong> (such as your customers' names, addresses or card numbers). We never need them to look into a problem.
new-or-write = or write to
new-no-intake = This site has no contact channel set up yet. Please reach us the way your contract names.
new-nojs-carried = Without JavaScript, the form sends what you typed and the category, but not the page you came from.
new-nojs-email = Without JavaScript, your e-mail program opens with your subject and description only. Please add the kind of request and the page you came from to the message.
new-nojs-tracker = Without JavaScript, our tracker opens with your subject and description only. Please add the kind of request and the page you came from there.
new-nojs-none = Without JavaScript, this page cannot open our tracker. Please turn JavaScript on, or copy your text and open the tracker yourself.

## Promised and taken times (ticket pages' "Our promises", the new-ticket page)

# After "First answer:" or "Resolution:"; $span is one of the times below, or the config's own
# words for a time.
promise-within = within { $span }
# The built-in Enhancement level promises no resolution time.
promise-discretion = at our discretion
# A time taken, rounded down, where the rounded time alone would not show it was longer than
# promised: "resolved after more than 3 business days".
promise-more-than = more than { $span }
promise-under-a-minute = less than a minute
promise-minutes = { $count } min
promise-business-hours = { $count ->
    [one] { $count } business hour
   *[other] { $count } business hours
}
promise-business-days = { $count ->
    [one] { $count } business day
   *[other] { $count } business days
}
promise-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
promise-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}

## New ticket: the built-in categories, the submit button, prefilled tickets (render/intake.rs)

category-question = Question
category-question-hint = How do I …? Something the documentation does not answer.
category-urgent-issue = Urgent issue
category-urgent-issue-hint = Something that stops your business right now: you cannot sign in, invoices or payments fail.
category-server-issue = Server issue
category-server-issue-hint = The service is slow, unreachable or shows server errors.
category-issue-with-error = Issue with an error
category-issue-with-error-hint = Something goes wrong and you see an error message.
category-issue-without-error = Issue without an error
category-issue-without-error-hint = Something does not work as expected, but there is no error message.
# $within is "within 3 business days" (promise-within).
new-category-promise = We answer { $within }.
new-submit-email = Write the e-mail
new-via-email = Your e-mail program opens with the ticket filled in; check it and press Send there.
new-submit-form = Send
new-via-form = The ticket is sent to our support team.
new-submit-tracker = Continue on our tracker
new-via-tracker = Our issue tracker opens with the ticket filled in; check it and submit it there.
# The tickets "+1, this affects me" and "Still happening? Tell us" fill in: the customer reads
# and sends them, so they are in the site's language. $title is the ticket's title.
draft-affects-subject = +1: #{ $id } { $title }
draft-affects-body = This affects me too: #{ $id } { $title }
draft-still-subject = Still happening: #{ $id } { $title }
draft-still-body = This still happens to me, although #{ $id } ({ $title }) is marked { $stage }.
# Followed by an empty line the customer writes on.
draft-what-went-wrong = What I did and what went wrong:

## Browser scripts (search.js, find.js, feedback.js)

# Pages hand these to the scripts (src/i18n/script.rs); a script that finds none uses the same
# English written in it. One selector a message at most. $q is what the reader typed.
script-doc = Doc
script-ticket = Ticket
# The stage filter's entry for tickets without a stage.
script-stage-other = Other
script-searching = Searching…
script-unavailable = Search is not available: { $error }
script-error-http = { $file } could not be loaded (HTTP { $status })
script-error-browser = this browser cannot read the search index
script-error-format = the search index is from another version of this site; reload the page
script-error-damaged = the search index is damaged
script-no-results-for = No results for “{ $q }”.
script-results-for = { $count ->
    [one] { $count } result for “{ $q }”
   *[other] { $count } results for “{ $q }”
}
# Follows script-results-for when the query has several words and some results lack one of
# them; otherwise script-results-end follows.
script-all-words = { $count ->
    [0] : none match all the words.
    [one] : { $count } matches all the words.
   *[other] : { $count } match all the words.
}
script-results-end = .
script-page-title = Search: { $q }
script-suggestions = Search suggestions
script-see-all = { $count ->
    [one] See all { $count } result
   *[other] See all { $count } results
}
script-live-none = No results. Press Enter to search.
script-live-count = { $count ->
    [one] { $count } result.
   *[other] { $count } results.
}
# Follows script-live-count after a space, for keyboards only.
script-live-arrows = Use the arrow keys to pick one.
script-find-empty = Type your ticket number, for example 4125.
# $ticket is "#4125" for a number, else the id as typed.
script-find-none = No public ticket { $ticket }.
script-find-looking = Looking for { $ticket }…
# Above the new-ticket form: where the reader came from.
script-context-page = About the page “{ $page }”
script-context-page-section = About the page “{ $page }”, section “{ $section }”
script-context-query = You searched for “{ $q }”
# Beside a suggested ticket on the new-ticket page.
script-too = This is my problem too
script-need-subject = Please write a subject.

## Built-in severity levels (a level of the config is named by its `name` and `names`)

severity-severe = Severe
severity-high = High
severity-medium = Medium
severity-low = Low
severity-enhancement = Enhancement
