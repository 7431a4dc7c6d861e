// Runs before the search page's first paint (loaded without defer, from <head>): a page opened
// with ?q= gets the class `search-q`, so the stylesheet hides the docs list and reserves room
// for the results instead of showing the list and shifting it away (layout shift). search.js
// removes the class when there is no query or search fails, and the list comes back.
(function () {
  if (/[?&]q=[^&]/.test(location.search)) document.documentElement.classList.add('search-q');
})();
