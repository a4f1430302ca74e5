"""ReportLab drawing code for certificates, decisions and council minutes.

Everything here is pure: frozen dataclasses in, PDF bytes out. No ORM, no request,
no settings. Other code imports from :mod:`certificates.rendering` only.
"""
