"""Anonymous pages of this app, mounted under /p/<agency>/plan/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.plans import public_views

app_name = "public-plans"
urlpatterns = [
    path("<int:year>/", public_views.plan, name="plan"),
    path("<int:year>/card.png", public_views.card, name="card"),
]
