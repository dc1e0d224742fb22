app-name = Lawha
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-provinces = Directions provinciales
nav-schools = Établissements
nav-classes = Classes
nav-people = Personnes
nav-import = Import CSV
nav-profile = Mon profil
nav-logout = Se déconnecter
footer-text = Lawha — l’école à distance, pour tous les élèves.
pagination-label = Pagination
pagination-prev = Page précédente
pagination-next = Page suivante
pagination-status = Page { $page } sur { $pages }

## Errors
error-title = Une erreur est survenue
error-back-home = Retour à l’accueil
error-forbidden = Vous n’avez pas accès à cette page.
error-not-found = Cette page n’existe pas.
error-csrf = Le formulaire a expiré ou ne vient pas de Lawha. Rechargez la page et réessayez.
error-too-many = Trop de tentatives. Réessayez dans quelques minutes.
error-bad-request = La demande est invalide.
error-internal = Une erreur interne est survenue. Réessayez plus tard.
form-has-errors = Le formulaire contient des erreurs :

## Validation error codes
err-required = Ce champ est obligatoire.
err-too-long = Ce texte est trop long.
err-invalid-characters = Ce texte contient des caractères non autorisés.
err-invalid-email = Adresse e-mail invalide.
err-invalid-pupil-code = Code élève invalide (lettres majuscules et chiffres, 4 à 20, commençant par une lettre).
err-invalid-code = Code invalide (lettres majuscules, chiffres et tirets).
err-invalid-school-year = Année scolaire invalide (ex. 2025-2026).
err-invalid-locale = Langue inconnue (ar ou fr).
err-email-or-code-required = Indiquez une adresse e-mail ou un code élève.
err-scope-not-allowed = Ce rôle ne peut pas être attribué à ce niveau.
err-password-too-short = Le mot de passe doit contenir au moins 8 caractères.
err-password-too-simple = Le mot de passe est trop simple : utilisez au moins 3 caractères différents.
err-password-mismatch = Les deux mots de passe ne correspondent pas.
err-wrong-password = Le mot de passe actuel est incorrect.
err-email-taken = Cette adresse e-mail est déjà utilisée.
err-pupil-code-taken = Ce code élève est déjà utilisé.
err-code-taken = Ce code est déjà utilisé.
err-name-taken = Ce nom est déjà utilisé.
err-not-a-hash = Valeur invalide.
err-unknown-level = Niveau inconnu.
err-unknown-subject = Matière inconnue.
err-unknown-school = Établissement inconnu.
err-unknown-class = Classe inconnue.
err-school-inactive = Cet établissement est désactivé.
err-school-out-of-scope = Cet établissement est hors de votre périmètre.
err-level-not-for-school = Ce niveau ne correspond pas à ce type d’établissement.
err-empty-file = Le fichier est vide.
err-malformed-csv = Le fichier CSV est mal formé.
err-missing-column = Colonne obligatoire manquante.
err-unknown-column = Colonne inconnue.
err-duplicate-column = Colonne en double.
err-duplicate-in-file = Ligne en double dans le fichier.
err-too-many-rows = Le fichier contient trop de lignes.
err-too-many-errors = Trop d’erreurs : seules les premières sont affichées.

## Roles
role-pupil = Élève
role-parent = Parent
role-teacher = Enseignant·e
role-vocational_trainer = Formateur·rice
role-trainee = Stagiaire
role-school_admin = Direction d’établissement
role-regional_admin = Administration régionale (AREF)
role-ministry_admin = Administration du ministère
role-volunteer_tutor = Tuteur·rice bénévole
role-producer = Production
role-support_agent = Assistance
scope-national = Tout le pays

## Sign-in
login-title = Connexion
login-intro = Connectez-vous avec votre adresse e-mail ou le code élève donné par votre établissement.
login-identifier = E-mail ou code élève
login-identifier-hint = Exemple : prenom.nom@exemple.ma ou J1234567
login-password = Mot de passe
login-submit = Se connecter
login-missing = Saisissez votre identifiant et votre mot de passe.
login-failed = Identifiant ou mot de passe incorrect.
login-throttled = Trop de tentatives échouées. Réessayez dans 15 minutes.

## Home
home-title = Accueil
home-welcome = Bienvenue, { $name }
home-your-roles = Vos rôles
home-my-class = Ma classe
home-no-class = Vous n’êtes inscrit·e dans aucune classe pour le moment.
home-pupil-next = Les capsules et exercices de votre niveau apparaîtront ici.
home-my-classes = Mes classes
home-no-taught = Aucune classe ne vous est encore attribuée.
home-my-children = Mes enfants
home-no-children = Aucun enfant n’est lié à votre compte. Demandez à l’établissement.
home-admin = Votre périmètre
home-role-volunteer_tutor = Tutorat bénévole : les demandes d’aide des élèves arriveront ici.
home-role-producer = Production : la gestion des capsules arrivera ici.
home-role-support_agent = Assistance : les tickets et le parc de tablettes arriveront ici.

## Columns
col-name = Nom
col-login = Identifiant
col-class = Classe
col-classes = Classes
col-school = Établissement
col-schools = Établissements
col-pupils = Élèves
col-teachers = Enseignants
roster-empty = Cette classe n’a pas encore d’élèves.
roster-count = { $count } élèves

## Profile
profile-member-since = Compte créé le
profile-title = Mon profil
profile-must-change = Choisissez un nouveau mot de passe personnel avant de continuer.
profile-password-changed = Votre mot de passe a été changé.
profile-language-saved = Votre langue a été enregistrée.
profile-change-password = Changer de mot de passe
profile-current-password = Mot de passe actuel
profile-new-password = Nouveau mot de passe
profile-confirm-password = Confirmer le nouveau mot de passe
profile-password-rules = Au moins 8 caractères, pas tous identiques. Une phrase facile à retenir convient bien.
profile-save-password = Changer le mot de passe
profile-language = Langue
profile-language-choice = Langue de l’interface
profile-save-language = Enregistrer la langue
