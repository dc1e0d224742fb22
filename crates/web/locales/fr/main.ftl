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
login-signed-out = Vous êtes déconnecté·e. À bientôt !
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
col-roles = Rôles
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

## Administration: shared
choose = — Choisir —
save = Enregistrer
saved = Les modifications ont été enregistrées.
cancel = Annuler
search-label = Rechercher
search-submit = Filtrer
list-count = { $count } résultat(s)
filter-include-inactive = Afficher aussi les désactivés
filter-all-regions = Toutes les régions
filter-all-schools = Tous les établissements
filter-all-roles = Tous les rôles
status-active = Actif
status-inactive = Désactivé
col-status = État
col-where = Où
col-actions = Actions
deactivate = Désactiver
reactivate = Réactiver
field-code = Code
field-name-ar = Nom en arabe
field-name-fr = Nom en français
field-region = Région
field-province = Direction provinciale
field-kind = Type
field-level = Niveau ou filière
field-school-year = Année scolaire
field-class-name = Nom de la classe
field-email = Adresse e-mail
field-pupil-code = Code élève
field-role = Rôle
field-password = Mot de passe
school-code-hint = Saisissez le code de l’établissement (ex. 20012K).
err-unknown-province = Direction provinciale inconnue.
err-unknown-region = Région inconnue.
err-unknown-role = Rôle inconnu.
err-province-other-region = Un établissement ne peut changer de province qu’au sein de sa région.
err-not-utf8 = Le fichier n’est pas en UTF-8. Enregistrez-le au format « CSV UTF-8 ».
err-duplicate = Cette valeur est déjà utilisée.

## Administration: provinces
provinces-title = Directions provinciales
provinces-empty = Aucune direction provinciale ne correspond.
provinces-new = Nouvelle direction provinciale
provinces-create = Créer la direction
provinces-created = La direction provinciale a été créée.

## Administration: schools
schools-title = Établissements
schools-new = Nouvel établissement
schools-back = Retour aux établissements
schools-empty = Aucun établissement ne correspond.
schools-created = L’établissement a été créé.
schools-deactivated = L’établissement a été désactivé.
schools-reactivated = L’établissement a été réactivé.
schools-related = Dans cet établissement
schools-its-classes = Ses classes
schools-its-people = Ses élèves et son personnel
schools-deactivate-hint = Un établissement désactivé n’apparaît plus dans les listes ni dans les imports ; son historique est conservé.
schools-reactivate-hint = Cet établissement est désactivé. Le réactiver le remet dans les listes et les imports.
school-kind-school = École, collège ou lycée
school-kind-vocational = Établissement de formation professionnelle
school-kind-preparatory = Centre de classes préparatoires

## Administration: classes
classes-title = Classes
classes-new = Nouvelle classe
classes-back = Retour aux classes
classes-empty = Aucune classe ne correspond.
classes-created = La classe a été créée.
classes-deactivated = La classe a été désactivée.
classes-reactivated = La classe a été réactivée.
classes-related = Cette classe
classes-roster = Voir la liste des élèves
classes-level-hint = Les établissements de formation professionnelle et les classes préparatoires prennent une filière ; les autres, l’un des 26 niveaux.

## Administration: people
users-title = Personnes
users-new = Nouvelle personne
users-back = Retour aux personnes
users-empty = Aucune personne ne correspond.
users-identity = Identité
users-first-role = Premier rôle
users-create = Créer le compte
users-login-hint = Une adresse e-mail, ou un code élève pour les élèves et les stagiaires : c’est l’identifiant de connexion.
users-locale-default = Langue du navigateur
users-password-note = Un mot de passe à usage unique sera affiché une seule fois, juste après la création.
users-roles = Rôles
users-no-roles = Aucun rôle.
users-self = C’est votre propre compte : modifiez-le depuis « Mon profil ».
users-must-change = Doit choisir un nouveau mot de passe à la prochaine connexion.
users-reset = Générer un nouveau mot de passe
users-reset-hint = Un nouveau mot de passe à usage unique remplace l’actuel et ferme toutes les sessions de la personne.
users-deactivate-hint = Un compte désactivé ne peut plus se connecter ; ses sessions sont fermées.
users-reactivate-hint = Ce compte est désactivé. Le réactiver permet de nouveau la connexion.
users-deactivated = Le compte a été désactivé.
users-reactivated = Le compte a été réactivé.
grant-add = Ajouter un rôle
grant-added = Le rôle a été ajouté.
grant-removed = Le rôle a été retiré.
grant-remove = Retirer le rôle « { $role } »
grant-no-region = — Aucune —
grant-scope-hint = Élèves et stagiaires : établissement, classe et année scolaire. Enseignants, parents et direction : établissement. Administration régionale : région.
one-time-created-title = Compte créé
one-time-reset-title = Nouveau mot de passe
one-time-once = Notez ou imprimez ce mot de passe maintenant : il ne sera plus jamais affiché.
one-time-password = Mot de passe à usage unique
one-time-must-change = La personne devra choisir son propre mot de passe à la première connexion.
one-time-back = Voir la fiche de la personne

## Administration: CSV import
import-title = Import CSV
import-intro = Importez les classes, puis les élèves et les enseignants, depuis un fichier CSV (Massar ou tableur). Un aperçu montre ce qui sera fait avant toute modification.
import-kind = Type de fichier
import-kind-classes = Classes
import-kind-pupils = Élèves
import-kind-teachers = Enseignants
import-file = Fichier CSV
import-file-hint = CSV en UTF-8, séparé par des virgules ou des points-virgules, 5 Mo au plus.
import-preview = Voir l’aperçu
import-columns = Colonnes attendues
import-header = Ligne d’en-tête
import-template = Modèle
import-download = Télécharger le modèle
import-note-classes = Une ligne par classe ; level_code est un niveau (ex. 1AC) ou une filière (ex. CPGE-MPSI).
import-note-pupils = Une ligne par élève ; la classe doit déjà exister. locale (ar ou fr) et parent_email sont facultatifs.
import-note-teachers = Une ligne par enseignant ; classes liste des classes séparées par « ; » ; subject est facultatif.
import-too-large = Le fichier dépasse 5 Mo. Découpez-le en plusieurs fichiers.
import-broken-upload = L’envoi du fichier a échoué. Réessayez.
import-choose-kind = Choisissez le type de fichier.
import-no-file = Choisissez un fichier CSV non vide.
import-preview-title = Aperçu de l’import
import-has-errors = Le fichier contient { $count } erreur(s) :
import-errors = Erreurs par ligne et par colonne
import-row = Ligne
import-column = Colonne
import-problem = Problème
import-value = Valeur
import-first-on-row = (déjà présent ligne { $row })
import-nothing-changed = Rien n’a été modifié. Corrigez le fichier, puis importez-le de nouveau.
import-again = Importer un autre fichier
import-create = À créer
import-update = À mettre à jour
import-unchanged = Sans changement
import-new-parents = { $count } compte(s) de parent seront aussi créés.
import-confirm-hint = Rien n’est encore enregistré. Confirmez pour tout appliquer en une seule fois.
import-apply = Appliquer l’import
import-planned = Ce que fera chaque ligne
import-action = Action
import-what = Élément
import-more-rows = { $count } autres lignes ne sont pas listées.
import-done-title = Import terminé
import-done = L’import a été appliqué.
import-created = Créés
import-updated = Mis à jour
import-credentials = Nouveaux comptes

## Curriculum
nav-curriculum = Programmes
breadcrumb-label = Fil d’Ariane
curriculum-title = Programmes scolaires
curriculum-intro = Choisissez un niveau pour voir ses matières, ses unités et ses leçons.
curriculum-no-subjects = Aucune matière n’est encore disponible pour ce niveau.
curriculum-no-units = Aucune unité n’est encore disponible pour cette matière.
curriculum-no-lessons = Pas encore de leçon dans cette unité.
curriculum-unit-count = { $count ->
    [one] { $count } unité
   *[other] { $count } unités
}
cycle-primaire = Primaire
cycle-college = Collège
cycle-lycee = Lycée
cycle-vocational = Formation professionnelle (OFPPT)
cycle-preparatory = Classes préparatoires (CPGE)
