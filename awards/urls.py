from django.contrib.auth import views as auth_views
from django.urls import include, path

from awards import views, views_pickers

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=False), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/imports/", views.import_data, name="imports"),
    path("catalogue/imports/<slug:kind>/template.xlsx", views.import_template, name="import-template"),
    path("pickers/people/", views_pickers.nominee_people, name="picker-people"),
    path("pickers/units/", views_pickers.nominee_units, name="picker-units"),
    path("pickers/register-units/", views_pickers.register_units, name="picker-register-units"),
    path("pickers/rating-units/", views_pickers.rating_units, name="picker-rating-units"),
    path("", include("awards.urls_register")),
]
