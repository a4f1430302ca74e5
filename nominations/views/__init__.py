"""HTML pages of the process, one module per area (like `nominations.api`).

Views stay thin: a form validates the input, a service function (the same one
the API calls) does the work, and domain errors become messages beside the
fields or at the top of the page. Objects a user may not see are looked up
through the same selectors as the API, so they answer 404.
"""
