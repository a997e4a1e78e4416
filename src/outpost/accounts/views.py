from django.contrib.auth import views as auth_views

from outpost.accounts.scope import PUBLIC, scope_rule

login_view = scope_rule(PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )
)
logout_view = scope_rule(PUBLIC)(auth_views.LogoutView.as_view())
