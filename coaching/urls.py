from django.urls import path

from . import views

app_name = "coaching"
urlpatterns = [
    path("coaching/", views.coach_day, name="coach_day"),
    path("coaching/companies/<int:company_pk>/plan/", views.conversation_plan, name="plan"),
    path("coaching/conversations/<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path(
        "coaching/conversations/<int:pk>/cancel/",
        views.conversation_cancel,
        name="conversation_cancel",
    ),
    path("coaching/conversations/<int:pk>/actions/", views.action_add, name="action_add"),
    path("coaching/conversations/<int:pk>/pdf/", views.conversation_pdf, name="conversation_pdf"),
    path("coaching/actions/<int:pk>/done/", views.action_complete, name="action_complete"),
    path("coaching/templates/", views.template_list, name="template_list"),
    path("coaching/templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("coaching/templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("coaching/companies/<int:company_pk>/map/", views.competence_map, name="map"),
    path(
        "coaching/companies/<int:company_pk>/map/compare/",
        views.competence_map_compare,
        name="map_compare",
    ),
    path("coaching/participants/<int:pk>/levels/", views.participant_levels, name="levels"),
    path(
        "coaching/participants/<int:pk>/sessions/",
        views.participant_session_add,
        name="session_add",
    ),
]
