"""Pages of the register and the statistics."""

from django.urls import path

from awards import views_ratings, views_register

urlpatterns = [
    path("register/people/", views_register.people_list, name="register-people"),
    path("register/people/<int:pk>/", views_register.person_profile, name="register-person"),
    path("register/organizations/", views_register.organization_list, name="register-organizations"),
    path(
        "register/organizations/<int:pk>/", views_register.organization_profile, name="register-organization"
    ),
    path("register/records/", views_register.record_list, name="register-records"),
    path("register/ratings/", views_ratings.ratings_home, name="register-ratings"),
    path("register/ratings/entry/", views_ratings.rating_entry, name="rating-entry"),
    path("statistics/", views_register.statistics_page, name="statistics"),
]
