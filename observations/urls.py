"""URLs of the observations app. Each view module owns its own `urlpatterns` (URL names below
are fixed: other pages link to them).

recording:     start (?visit=), mine, edit, autosave, history
reading:       detail, acknowledge, feedback_add (service-user feedback), team
case_examples: case_example_new (?observation= or ?audit=), case_examples, case_example,
               case_example_decide
themes:        themes (?week=&service=&team=), plus its own tagging URLs
"""

from .views import case_examples, reading, recording, themes

app_name = "observations"
urlpatterns = [
    *recording.urlpatterns,
    *reading.urlpatterns,
    *case_examples.urlpatterns,
    *themes.urlpatterns,
]
