app-name = Lawha
app-full-name = Lawha — l’école à distance
install-app = Installer Lawha
offline-title = Pas de connexion
offline-text = Cet appareil n’est pas connecté à Internet pour le moment. La page fonctionnera de nouveau dès le retour de la connexion.
offline-retry = Réessayer
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
error-busy = Le serveur est très sollicité. Réessayez dans quelques secondes.
error-bad-request = La demande est invalide.
error-too-large = La demande dépasse la taille autorisée.
error-internal = Une erreur interne est survenue. Réessayez plus tard.
error-conflict = Cette action n’est pas possible dans l’état actuel des choses.
error-invalid = Une valeur envoyée n’est pas acceptée.
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
err-password-too-common = Ce mot de passe est trop courant et facile à deviner : choisissez-en un autre.
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
err-account-out-of-scope = Ce compte a aussi un rôle hors de votre périmètre : seul un administrateur couvrant tous ses rôles peut le modifier.
err-account-changed = Ce compte a changé depuis l’aperçu : importez le fichier à nouveau.
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
login-throttled = Trop de tentatives échouées. Patientez un moment, puis réessayez.
login-busy = Beaucoup de connexions en même temps. Réessayez dans quelques secondes.

## Home
home-title = Accueil
home-welcome = Bienvenue, { $name }
home-your-roles = Vos rôles
home-my-class = Ma classe
home-no-class = Vous n’êtes inscrit·e dans aucune classe pour le moment.
home-my-classes = Mes classes
home-no-taught = Aucune classe ne vous est encore attribuée.
home-my-children = Mes enfants
home-no-children = Aucun enfant n’est lié à votre compte. Demandez à l’établissement.
home-admin = Votre périmètre
home-role-volunteer_tutor = Tutorat bénévole : les demandes d’aide des élèves arriveront ici.
home-role-producer = Production : la gestion des capsules arrivera ici.
home-role-support_agent = Assistance : les tickets de vos régions sont dans la file ; le parc de tablettes arrivera ici.

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
roster-count = { $count ->
    [one] { $count } élève
   *[other] { $count } élèves
}

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
list-count = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
}
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
users-shared = Cette personne a aussi un rôle hors de votre périmètre : seul un administrateur couvrant tous ses rôles peut modifier son compte.
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
import-has-errors = { $count ->
    [one] Le fichier contient { $count } erreur :
   *[other] Le fichier contient { $count } erreurs :
}
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
import-new-parents = { $count ->
    [one] { $count } compte de parent sera aussi créé.
   *[other] { $count } comptes de parent seront aussi créés.
}
import-confirm-hint = Rien n’est encore enregistré. Confirmez pour tout appliquer en une seule fois.
import-apply = Appliquer l’import
import-planned = Ce que fera chaque ligne
import-action = Action
import-what = Élément
import-more-rows = { $count ->
    [one] Une autre ligne n’est pas listée.
   *[other] { $count } autres lignes ne sont pas listées.
}
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

## Lessons and exercises
lesson-unit = Unité : { $unit }
lesson-exercises = Exercices
lesson-no-exercises = Pas encore d’exercices pour cette leçon.
lesson-sign-in-to-answer = Connectez-vous pour répondre aux exercices.
exercise-mode-practice = Entraînement
exercise-mode-quiz = Évaluation
exercise-summary-title = Votre progression
exercise-summary-answered = Questions traitées : { $answered } sur { $total }
exercise-summary-average = score moyen : { $score } %
exercise-no-items = Cette série ne contient pas encore de question.
exercise-item-title = Question { $number }
exercise-attempts = Essais : { $used } sur { $allowed }
exercise-submit = Valider ma réponse
exercise-answer-again = Répondre à nouveau
exercise-no-attempts-left = Vous avez utilisé tous vos essais pour cette question.
exercise-hint-multiple = Cochez toutes les bonnes réponses.
exercise-hint-ordering = Choisissez l’élément qui va à chaque position.
exercise-hint-units = Unités acceptées : { $units }
exercise-true = Vrai
exercise-false = Faux
exercise-your-answer = Votre réponse
exercise-blank-label = Trou { $number }
exercise-position-label = Position { $number }
exercise-verdict-right = Bonne réponse
exercise-verdict-partly = Réponse en partie juste
exercise-verdict-wrong = Réponse fausse
exercise-score = score : { $score } %
exercise-your-previous-answer = Votre réponse
exercise-answer-none = (aucune case cochée)
exercise-part-right = juste
exercise-part-wrong = faux
exercise-solution = Corrigé
exercise-feedback-after-attempts = Le corrigé s’affichera quand vous aurez utilisé tous vos essais.
exercise-err-too-large = La réponse envoyée est trop grande.
exercise-err-too-long = La réponse est trop longue (2 000 caractères au plus).
exercise-err-stale-form = Le formulaire n’est plus valide. Rechargez la page et répondez à nouveau.
exercise-err-no-answer = Choisissez ou écrivez une réponse avant de valider.
exercise-err-incomplete = Remplissez toutes les cases avant de valider.
exercise-err-bad-index = Cette réponse ne fait pas partie des propositions.
exercise-err-duplicate = Chaque élément ne peut être placé qu’une seule fois.
exercise-err-not-a-number = Écrivez un nombre (par exemple 3,5 ou 12 cm).
exercise-err-not-presented = Cette question ne vous a pas été présentée : ouvrez la série d’exercices pour y répondre.
exercise-err-no-attempts-left = Vous avez utilisé tous vos essais pour cette question : la réponse n’a pas été enregistrée.

## Revision and progress
revision-title = Mes révisions du jour
revision-due-count = { $count ->
    [one] { $count } question à réviser aujourd’hui
   *[other] { $count } questions à réviser aujourd’hui
}
revision-just-answered = Votre réponse
revision-more-like-this = D’autres questions comme celle-ci
revision-more-title = D’autres questions comme celle-ci
revision-due-title = À réviser aujourd’hui
revision-nothing-due = Rien à réviser aujourd’hui. Revenez demain, ou travaillez une nouvelle leçon.
revision-more-due = D’autres questions attendent : elles s’afficheront quand vous aurez répondu à celles-ci.
revision-weak-title = Pour renforcer vos leçons fragiles
revision-weak-hint = Ces questions viennent de leçons où vos réponses récentes sont souvent fausses.
progress-title = Ma progression
progress-today = Aujourd’hui
progress-streak = Jours de travail d’affilée : { $days }
progress-go = Commencer
progress-next-struggling = À reprendre : « { $lesson } ».
progress-next-continue = À continuer : « { $lesson } ».
progress-next-start = À découvrir : « { $lesson } ».
progress-empty = Aucune leçon pour votre niveau pour l’instant.
progress-count-mastered = maîtrisées : { $count }
progress-count-in-progress = en cours : { $count }
progress-count-not-started = pas commencées : { $count }
progress-answered = Questions traitées : { $answered } sur { $items }
mastery-not-started = Pas commencée
mastery-struggling = À reprendre
mastery-in-progress = En cours
mastery-mastered = Maîtrisée
nav-revision = Révisions
nav-progress = Progression
authoring-title = Nouvelle série d’exercices
authoring-intro = Écrivez ou déposez les questions au format GIFT ou Moodle XML, vérifiez l’aperçu (réponses attendues, crédits et rétroactions), puis enregistrez la série dans la leçon.
authoring-add-set = Ajouter une série d’exercices
authoring-at-line = Ligne { $line } :
authoring-title-ar = Titre en arabe
authoring-title-fr = Titre en français
authoring-mode = Type de série
authoring-max-attempts = Essais par question (évaluations)
authoring-max-attempts-hint = De 1 à 20 ; vide : sans limite. Ignoré pour l’entraînement.
authoring-source = Questions (format GIFT ou Moodle XML)
authoring-source-hint = Une question par paragraphe, par ex. ::Titre:: Question {"{"}=bonne ~mauvaise{"}"}. Formules entre \( et \) ou $$ et $$, écrites comme en LaTeX, accolades comprises et sans les échapper, sur une seule ligne : par ex. \(\frac{"{"}3{"}"}{"{"}4{"}"}\).
authoring-skip-unsupported = Importer les questions prises en charge et ignorer les autres (elles seront listées)
authoring-skipped = { $count ->
    [one] { $count } question ignorée (type non pris en charge) :
   *[other] { $count } questions ignorées (type non pris en charge) :
}
authoring-file = Ou un fichier GIFT ou Moodle XML
authoring-file-hint = Fichier UTF-8 (.gift, .txt, .xml) ; il remplace le texte ci-dessus.
authoring-preview = Aperçu
authoring-save = Enregistrer la série
authoring-preview-title = Aperçu : { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
authoring-too-large = Le texte ou le fichier est trop volumineux (4 Mo au plus).
authoring-broken-upload = Le formulaire n’a pas pu être lu. Réessayez.
authoring-any-other-answer = Toute autre réponse
err-attempts-out-of-range = Indiquez un nombre d’essais entre 1 et 20.
item-kind-single-choice = Choix unique
item-kind-multiple-choice = Choix multiple
item-kind-true-false = Vrai ou faux
item-kind-numeric = Réponse numérique
item-kind-short-answer = Réponse courte
item-kind-fill-blanks = Texte à trous
item-kind-matching = Appariement
item-kind-ordering = Remise en ordre
question-error-too-large = le fichier est trop volumineux.
question-error-not-utf8 = le fichier n’est pas un texte UTF-8.
question-error-too-many-questions = le fichier contient trop de questions.
question-error-unclosed-brace = une accolade « { "{" } » n’est pas fermée avant la ligne vide suivante.
question-error-unexpected-brace = accolade « { $value } » inattendue (écrivez \{"{"} ou \{"}"} pour le caractère lui-même).
question-error-unclosed-title = le titre « :: » n’est pas fermé par « :: ».
question-error-no-answer-block = la question n’a pas de réponses entre accolades.
question-error-empty-answer-set = le bloc de réponses est vide (les questions ouvertes ne sont pas prises en charge).
question-error-empty-answer = une réponse est vide.
question-error-too-few-answers = ce type de question demande au moins { $value } réponses.
question-error-no-correct-answer = aucune réponse ne rapporte de points.
question-error-bad-weight = pondération « { $value } » invalide : écrivez %n% avec n entre -100 et 100.
question-error-bad-number = nombre « { $value } » invalide.
question-error-bad-matching-pair = la paire d’appariement « { $value } » n’a pas de « -> ».
question-error-no-questions = aucune question trouvée.
question-error-malformed-xml = le fichier n’est pas du XML bien formé.
question-error-doctype = les déclarations de type de document (DOCTYPE) ne sont pas acceptées.
question-error-not-a-quiz = ce n’est pas un fichier de questions Moodle XML (l’élément racine est « { $value } », il doit être « quiz »).
question-error-unsupported-type = le type de question « { $value } » n’est pas pris en charge par Lawha.
question-error-no-question-text = la question n’a pas de texte.
question-error-not-a-grade = question « { $question } » : la note « { $value } % » n’est pas une des notes de Moodle ; la plus proche est { $nearest } %.

## Capsules
nav-search = Rechercher
nav-studio = Studio
lesson-capsules = Capsules vidéo
lesson-no-capsules = Pas encore de capsule publiée pour cette leçon.
capsule-by = Avec { $teacher }
capsule-language-ar = Arabe
capsule-language-fr = Français
capsule-player = Lecteur vidéo
capsule-no-video-support = Votre navigateur ne lit pas cette vidéo.
capsule-download = Télécharger la vidéo
capsule-data-saver = Économie de données
data-saver-auto = Automatique (selon la connexion)
data-saver-lowest = Qualité minimale ({ $height }p)
data-saver-audio = Son seulement
data-saver-save = Enregistrer mon choix
capsule-processing = La vidéo est en cours de préparation. Revenez dans quelques minutes.
capsule-no-media = Cette capsule n’a pas encore de vidéo.
capsule-documents = Documents
capsule-watched = Part regardée
capsule-status-draft = Brouillon
capsule-status-processing = En préparation
capsule-status-ready = Prête, non publiée
capsule-status-published = Publiée
capsule-status-withdrawn = Retirée
home-continue-watching = Reprendre la lecture
home-nothing-to-continue = Aucune capsule en cours. Choisissez-en une dans le programme :
home-studio = Studio
home-studio-text = Préparez, vérifiez et publiez les capsules.
search-title = Rechercher une capsule
search-words = Mots recherchés
search-level = Niveau
search-subject = Matière
search-language = Langue
search-any = Tous
search-go = Rechercher
search-results = { $count ->
    [one] { $count } capsule trouvée
   *[other] { $count } capsules trouvées
}
search-nothing = Aucune capsule ne correspond. Essayez d’autres mots ou retirez un filtre.

## Studio
studio-title = Studio des capsules
studio-intro = Les capsules de la plus récente modification à la plus ancienne.
studio-coverage = Couverture du programme
studio-filter-status = État
studio-filter-mine = Seulement les miennes
studio-filter = Filtrer
studio-empty = Aucune capsule ne correspond.
studio-col-title = Titre
studio-col-status = État
studio-col-language = Langue
studio-col-updated = Modifiée le
studio-how-to-add = Vous pouvez aussi ajouter une capsule depuis une leçon du programme ou depuis la couverture du programme.
studio-ffmpeg-missing = ffmpeg est introuvable sur ce serveur : les vidéos déposées attendent d’être traitées. Installez-le (par ex. « sudo apt-get install ffmpeg » sous Debian) puis redémarrez Lawha.
studio-add-capsule = Ajouter une capsule
studio-new-title = Nouvelle capsule
studio-edit-title = Modifier la capsule
studio-for-lesson = Leçon : { $lesson }
studio-field-title_ar = Titre en arabe
studio-field-title_fr = Titre en français
studio-field-description_ar = Description en arabe
studio-field-description_fr = Description en français
studio-field-teacher = Enseignant·e
studio-field-tags = Mots-clés (séparés par des virgules)
studio-field-school_code = Réservée à un établissement (code, facultatif)
studio-field-language = Langue d’enseignement
studio-school-hint = Sans code d’établissement, la capsule publiée est ouverte à tous.
studio-save = Enregistrer
studio-edit = Modifier
studio-watch = Voir la page de la capsule
studio-open = Ouvrir dans le studio
studio-publish = Publier
studio-withdraw = Retirer
studio-upload-title = Vidéo
studio-upload-video = Fichier vidéo
studio-upload-submit = Déposer la vidéo
studio-upload-progress = Avancement du dépôt
studio-upload-retrying = Connexion interrompue, nouvel essai…
studio-upload-failed = Le dépôt a échoué. Réessayez : il reprendra où il s’est arrêté.
studio-versions = Versions déposées
studio-no-versions = Aucune vidéo déposée.
studio-playing = Version diffusée
studio-processing = Avancement du traitement
studio-master-pending = Master de diffusion en préparation…
studio-master-download = Télécharger le master de diffusion
studio-master-failed = La préparation du master a échoué.
studio-files = Sous-titres et documents
studio-no-files = Aucun fichier joint.
studio-file-kind = Type de fichier
studio-file-subtitles = Sous-titres (WebVTT)
studio-file-worksheet = Fiche de travail (PDF)
studio-file-language = Langue
studio-file-file = Fichier
studio-file-submit = Joindre le fichier
media-status-queued = En attente de traitement
media-status-processing = En cours de traitement
media-status-ready = Prête
media-status-failed = Refusée
media-error-empty-file = Le fichier est vide.
media-error-not-media = Ce fichier n’est pas une vidéo lisible (fichier abîmé ou d’un autre type).
media-error-no-video = Ce fichier n’a pas d’image : déposez une vidéo, pas un fichier audio.
media-error-no-audio = Ce fichier n’a pas de son.
media-error-silent-audio = Le son de ce fichier est silencieux.
media-error-interrupted = Le traitement a été interrompu trop de fois. Déposez la vidéo à nouveau.
media-error-tool-missing = ffmpeg est introuvable sur le serveur.
media-error-ffmpeg = ffmpeg n’a pas pu traiter ce fichier.
media-error-io = Erreur d’écriture sur le serveur.
media-error-storage = Erreur du stockage des médias.
media-error-unknown = Le traitement a échoué.
upload-error-empty-file = Le fichier déposé est vide.
upload-error-too-large = Le fichier est trop volumineux.
upload-error-broken-upload = Le dépôt a été interrompu. Réessayez.
upload-error-not-webvtt = Ce fichier n’est pas un sous-titre WebVTT valide (il doit commencer par WEBVTT, avec des horaires « 00:00.000 --> 00:02.000 »).
upload-error-not-pdf = La fiche de travail doit être un fichier PDF.
upload-error-bad-language = Choisissez la langue du fichier.
upload-error-no-file = Choisissez un fichier.
upload-error-refused = Le fichier a été refusé.
report-title = Conformité à la norme de diffusion
report-compliant = conforme
report-not-compliant = non conforme (la capsule reste publiable sur Lawha)
report-check = Contrôle
report-measured = Mesuré
report-expected = Attendu
report-result = Résultat
report-ok = conforme
report-fails = hors norme
report-loudness = Sonie intégrée (EBU R128)
report-true-peak = Crête vraie
report-resolution = Définition
report-frame-rate = Images par seconde
report-audio-channels = Canaux audio
report-sample-rate = Fréquence d’échantillonnage
report-audio-present = Piste son
report-value-yes = oui
report-value-no = non
report-value-no-audio = pas de son
report-value-no-video = pas de vidéo
report-value-not-measured = non mesuré
report-value-silent = silencieux
report-value-or = {" ou "}
coverage-intro = Pour chaque niveau, combien de leçons ont au moins une capsule publiée. Choisissez un niveau pour voir les leçons qui n’en ont pas encore.
coverage-level = Niveau
coverage-lessons = Leçons
coverage-covered = Avec capsule
coverage-missing = Leçons sans capsule publiée : { $level }
coverage-none-missing = Toutes les leçons de ce niveau ont une capsule publiée.
coverage-subject = Matière
coverage-unit = Unité
coverage-lesson = Leçon
coverage-in-progress = Capsules en préparation
err-title-required = Donnez un titre en arabe ou en français.
err-too-many-tags = Trop de mots-clés (20 au plus).
error-cannot-publish = Cette capsule ne peut pas être publiée : sa vidéo n’est pas encore prête.
error-cannot-withdraw = Seule une capsule publiée peut être retirée.
error-media-not-ready = Cette version n’est pas encore prête.

## Classes (teachers)
class-progress = Progression de la classe
class-subject = Matière
class-show = Afficher
class-no-lessons = Aucune leçon pour ce niveau dans cette matière.
class-last-active = Dernière activité
class-at-risk = Élèves à accompagner
class-no-risk = Aucun élève à signaler : tous ont travaillé cette semaine et aucun ne bloque sur une leçon faite par la classe.
class-never-active = jamais connecté·e
class-inactive-days = { $days ->
    [one] inactif·ve depuis { $days } jour
   *[other] inactif·ve depuis { $days } jours
}
class-struggling = en difficulté : { $lessons }
class-assignments = Travail donné
class-no-assignments = Aucun travail donné pour l’instant.
class-work = Travail
class-due = À rendre le
class-completed = Fait
class-note = Consigne (facultatif)
class-for-whom = Pour qui ?
class-whole-class = Toute la classe
class-for-whom-hint = Décochez « Toute la classe » et cochez des élèves pour ne donner le travail qu’à eux.
class-assign = Donner ce travail
class-nothing-to-assign = Aucune capsule ni série d’exercices publiée pour ces leçons.
class-export-csv = Exporter la progression (CSV)
class-export-xlsx = Exporter la progression (Excel)
class-done-assigned = Le travail a été donné.
class-done-bad-work = Choisissez une capsule ou une série d’exercices.
class-done-unavailable-work = Cette capsule n’est pas publiée ou n’est pas ouverte à cette classe.
class-done-bad-date = La date est invalide.
class-done-past-date = La date est déjà passée.
class-done-bad-pupils = Un élève choisi n’est pas dans cette classe.
class-done-no-pupils = Cette classe n’a pas d’élèves.
grid-m3 = maîtrisée
grid-m2 = en cours
grid-m1 = en difficulté
grid-w = capsule regardée
grid-m0 = pas commencée
pupil-revision-cards = Questions en révision
pupil-revision-due = À réviser aujourd’hui
pupil-revision-next = Prochaine révision
pupil-mistakes = Erreurs récentes
pupil-no-mistakes = Aucune erreur récente.
pupil-when = Quand
pupil-set = Série
pupil-question = Question
pupil-score = Score
pupil-timeline = Activité
pupil-no-activity = Aucune activité pour l’instant.
pupil-answered = a répondu dans « { $set } » ({ $score } %)
pupil-watched = a regardé « { $capsule } » ({ $pct } %)
home-todo = Mon travail à faire
home-nothing-to-do = Aucun travail donné pour l’instant.
home-todo-done = fait
home-todo-due = pour le { $date }

## Dashboards
nav-dashboards = Tableaux de bord
nav-vocational = Suivi de la formation
dash-title = Tableau de bord
dash-period = Période
dash-days = { $days ->
    [one] dernier jour
   *[other] { $days } derniers jours
}
dash-show = Afficher
dash-privacy = Les chiffres ne concernent que des groupes ; un groupe de moins de { $n } élèves n’est jamais affiché.
dash-scope-suppressed = Ce périmètre compte moins de { $n } élèves : ses chiffres ne sont pas affichés.
dash-suppressed-short = moins de { $n } élèves
dash-suppressed-note = groupe de moins de { $n } élèves : non affiché
dash-suppressed-company-short = masqué avec un petit groupe
dash-suppressed-company-note = masqué aussi, pour qu’un groupe de moins de { $n } élèves ne se déduise pas du total
dash-col-pupils = Élèves inscrits
dash-col-active = Actifs cette semaine
dash-kpi-active = Actifs cette semaine
dash-col-active-day = Élèves actifs
dash-col-answers = Réponses
dash-col-correct = Réussite
dash-col-minutes = Minutes regardées
dash-col-mastery = Leçons maîtrisées
dash-col-assignments = Travaux faits
dash-map = Carte des régions
dash-map-desc = Part des élèves inscrits actifs cette semaine, par région.
dash-map-unit = élèves actifs cette semaine
dash-map-other = hors de votre périmètre
dash-over-time = Dans le temps
dash-chart-active = Élèves actifs par jour
dash-chart-active-desc = Nombre d’élèves ayant regardé une capsule ou répondu à une question, chaque jour des { $days } derniers jours.
dash-chart-answers = Réponses par jour
dash-chart-answers-desc = Nombre de réponses aux exercices, chaque jour des { $days } derniers jours.
dash-chart-children = Élèves actifs cette semaine
dash-chart-children-desc = Part des élèves inscrits actifs cette semaine.
dash-table-of-days = Tableau jour par jour
dash-day = Jour
dash-no-data = Pas encore de données.
dash-children-regions = Régions
dash-children-provinces = Directions provinciales
dash-children-schools = Établissements
dash-children-levels = Niveaux
dash-by-level = Par niveau
dash-level = Niveau
dash-by-subject = Par matière
dash-export-csv = Exporter ce tableau (CSV)
dash-capsules = Capsules
dash-most-watched = Les plus regardées
dash-least-completed = Les moins terminées
dash-starts = Élèves
dash-completion = Terminée par
dash-coverage = Couverture du programme par des capsules publiées
voc-title = Suivi de la formation professionnelle
voc-intro = Assiduité et progression des groupes de stagiaires sur les { $weeks } dernières semaines. Les jours d’activité comptent l’activité sur la plateforme sur 20 jours de formation ; la présence aux classes en direct vient du service de visioconférence (arrivées et départs) : séances rejointes sur séances tenues.
voc-none = Aucun groupe de stagiaires dans votre périmètre.
voc-group = Groupe
voc-trainees = Stagiaires
voc-active = Actifs
voc-attendance = Jours d’activité
voc-total = Total de l’établissement
voc-live-attendance = Présence aux classes en direct
voc-live-minutes = Minutes en direct par stagiaire
voc-live-held = { $n ->
    [one] { $n } séance tenue
   *[other] { $n } séances tenues
}
class-items-answered = Questions répondues
class-mean-score = Score moyen

## Administration: school nodes
nav-nodes = Serveurs d’établissement
nodes-title = Serveurs d’établissement
nodes-intro = Chaque serveur installé dans un établissement sans réseau envoie à la plateforme le travail de ses élèves, signé de sa propre clé.
nodes-new = Enregistrer un serveur
nodes-back = Retour aux serveurs
nodes-empty = Aucun serveur n’est enregistré dans votre périmètre.
nodes-registered = Le serveur a été enregistré.
nodes-revoked = Le serveur a été révoqué : la plateforme refuse désormais ce qu’il envoie.
nodes-col-key = Clé
nodes-col-registered = Enregistré par
nodes-col-contact = Dernier contact
nodes-col-pack = Paquet
nodes-col-backlog = En attente
nodes-col-version = Version
accounts-made-on-platform = Les comptes ne se créent pas sur le serveur de l’établissement : ils sont créés sur la plateforme et arrivent ici avec le prochain paquet ou la prochaine synchronisation.
nodes-col-set-aside = Mis de côté
nodes-set-aside-hint = Réponses et modifications de comptes envoyées par ce nœud mais qui concernent des personnes hors de son établissement (élève parti dans un autre établissement, compte inconnu de la plateforme) ou des comptes dont les droits dépassent l’établissement : gardées à part, non appliquées.
nodes-field-name = Nom du serveur
nodes-field-key = Clé publique du serveur
nodes-key-hint = Les 64 caractères hexadécimaux affichés par « lawha node init » sur le serveur.
nodes-register = Enregistrer
nodes-revoke = Révoquer ce serveur
nodes-revoke-hint = À faire si le serveur est perdu, volé ou remplacé. La plateforme refusera tout ce qu’il enverra ensuite ; il reste dans la liste, pour mémoire. C’est définitif : un serveur remplacé s’enregistre avec sa nouvelle clé.
nodes-revoked-at = Révoqué le
nodes-state-active = Actif
nodes-state-revoked = Révoqué
nodes-state-never = Jamais contacté
nodes-state-silent = Silencieux depuis { $days } jours
nodes-silent-hint = Un serveur sans nouvelles depuis plus de { $days } jours est signalé.
ago-minutes = { $count ->
    [0] à l’instant
    [one] il y a { $count } minute
   *[other] il y a { $count } minutes
}
ago-hours = { $count ->
    [one] il y a { $count } heure
   *[other] il y a { $count } heures
}
ago-days = { $count ->
    [one] il y a { $count } jour
   *[other] il y a { $count } jours
}
err-key-not-hex = Une clé ne contient que des chiffres et les lettres a à f.
err-key-length = Une clé compte exactement 64 caractères.
err-key-taken = Cette clé est déjà enregistrée pour un serveur.
# Save for offline (issue 16): the button, the Saved page, the offline scripts' strings.
nav-saved = Hors ligne
offline-open-saved = Ouvrir ce qui est enregistré sur ce téléphone
offline-save-size = Enregistrer hors ligne ({ $size })
offline-size-mb = { $n } Mo
offline-size-kb = { $n } Ko
saved-title = Enregistré sur ce téléphone
saved-needs-javascript = Enregistrer des leçons pour les consulter hors ligne nécessite JavaScript.
saved-empty = Rien n’est encore enregistré sur ce téléphone. Ouvrez une leçon et appuyez sur « Enregistrer hors ligne ».
saved-revision = À réviser
offline-js-save = Enregistrer hors ligne
offline-js-saving = Enregistrement… { $percent } %
offline-js-saved = Enregistré sur ce téléphone
offline-js-save-failed = L’enregistrement a échoué. Réessayez quand la connexion reviendra.
offline-js-resume = Reprendre l’enregistrement
offline-js-delete = Supprimer
offline-js-open = Ouvrir
offline-js-deleted = Supprimé de ce téléphone
offline-js-space = { $used } utilisés, { $left } libres
offline-js-quiz-not-saved = Les contrôles ne sont pas enregistrés hors ligne : faites-les en ligne.
offline-js-revision-title = À réviser
offline-js-offline = Vous êtes hors ligne.
offline-js-back-online = La connexion est revenue.
offline-js-waiting = { $n ->
    [one] { $n } réponse en attente d’envoi
    [many] { $n } de réponses en attente d’envoi
   *[other] { $n } réponses en attente d’envoi
}
offline-js-signout-unsent = { $n ->
    [one] { $n } réponse n’a pas encore été envoyée et serait perdue. Se déconnecter quand même ?
    [many] { $n } de réponses n’ont pas encore été envoyées et seraient perdues. Se déconnecter quand même ?
   *[other] { $n } réponses n’ont pas encore été envoyées et seraient perdues. Se déconnecter quand même ?
}
offline-js-refused = { $n ->
    [one] { $n } réponse faite hors connexion a été refusée (l’exercice ne l’accepte plus) : répondez à nouveau en ligne.
    [many] { $n } de réponses faites hors connexion ont été refusées (l’exercice ne l’accepte plus) : répondez à nouveau en ligne.
   *[other] { $n } réponses faites hors connexion ont été refusées (l’exercice ne l’accepte plus) : répondez à nouveau en ligne.
}
offline-js-answer-saved-offline = Enregistrée sur ce téléphone : elle sera envoyée dès que vous serez en ligne.

## Getting back in (forgot password, one-time codes, unlock)
login-forgot = Mot de passe oublié ?
login-have-code = J’ai un code à usage unique
login-reset-done = Votre mot de passe a été changé. Connectez-vous avec le nouveau.
forgot-title = Mot de passe oublié
forgot-intro = Saisissez l’adresse e-mail de votre compte. Si un compte correspond, vous recevrez un lien pour choisir un nouveau mot de passe.
forgot-email = Adresse e-mail
forgot-submit = Recevoir un lien
forgot-sent = Si un compte correspond à cette adresse, un lien vient de lui être envoyé. Il est valable 30 minutes et ne sert qu’une fois. Pensez à regarder dans les indésirables.
forgot-throttled = Trop de demandes pour cette adresse ou depuis cette connexion. Réessayez dans une heure.
forgot-not-an-email = Saisissez une adresse e-mail.
forgot-mail-off = L’envoi de courriels n’est pas disponible sur ce service. Adressez-vous à votre établissement : il peut réinitialiser votre mot de passe.
forgot-pupils-title = Vous êtes élève ?
forgot-pupils-intro = Les élèves n’ont pas d’adresse e-mail : demandez un code à usage unique à l’une de ces personnes.
forgot-pupils-teacher = votre enseignant·e ;
forgot-pupils-parent = votre parent, si son compte est lié au vôtre ;
forgot-pupils-school = l’administration de votre établissement ;
forgot-pupils-hotline = l’assistance téléphonique de la plateforme.
forgot-have-code = J’ai reçu un code : choisir un nouveau mot de passe
forgot-back = Retour à la connexion
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le nouveau mot de passe
reset-invalid = Ce lien n’est plus valable : il a déjà servi, il a expiré, ou le mot de passe a changé depuis.
reset-ask-again = Demander un nouveau lien
code-title = Se connecter avec un code
code-intro = Saisissez votre code élève, le code à usage unique donné par votre enseignant·e, votre parent ou votre établissement, puis choisissez votre nouveau mot de passe.
code-pupil-code = Code élève
code-one-time = Code à usage unique
code-submit = Choisir ce mot de passe et me connecter
code-refused = Ce code n’est pas valable : vérifiez-le, ou demandez-en un nouveau.
help-link = Aider à se reconnecter
help-title = Aider à se reconnecter
help-failures = Connexions échouées (24 h)
help-code-issued = Code à usage unique
help-code-instructions = { $hours ->
    [one] Donnez ce code à l’élève : il est valable une heure, une seule fois, sur la page « Se connecter avec un code ». Il ne sera plus affiché.
   *[other] Donnez ce code à l’élève : il est valable { $hours } heures, une seule fois, sur la page « Se connecter avec un code ». Il ne sera plus affiché.
}
help-code-title = Donner un code à usage unique
help-code-hint = L’élève s’en sert pour choisir un nouveau mot de passe. Chaque code donné est noté (qui, pour qui, quand).
help-code-submit = Créer un code
help-unlock-title = Lever le ralentissement des connexions
help-unlock-hint = Après des échecs, chaque nouvel essai doit attendre. Effacez ces échecs si la personne est bien celle qui essaie.
help-unlock-submit = Effacer les échecs
help-unlocked = Les échecs de connexion ont été effacés.
mail-reset-subject = Lawha : choisir un nouveau mot de passe
mail-reset-body = Bonjour { $name },

    Quelqu’un a demandé à changer le mot de passe de votre compte Lawha. Pour en choisir un nouveau, ouvrez ce lien (valable { $minutes } minutes, une seule fois) :

    { $link }

    Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.

## Live sessions (issue 17)
nav-live = Classes en direct
live-title = Mon emploi du temps en direct
live-unavailable = Les classes en direct ne sont pas disponibles sur cette plateforme : aucun moteur de visioconférence n’est configuré.
live-unavailable-schedule = Les classes en direct ne sont pas disponibles ici pour l’instant ; vous pouvez quand même programmer des séances.
live-schedule = Programmer une séance
live-now = En direct maintenant
live-none-now = Aucune séance en cours.
live-coming = Prochaines séances
live-none-coming = Aucune séance prévue.
live-past = Séances passées
live-you-host = vous animez
live-back = Retour à l’emploi du temps
live-back-to-session = Retour à la séance
live-field-title = Titre
live-field-kind = Pour qui
live-kind-class = Une classe ou un groupe
live-kind-programme = Les groupes d’une filière dans l’établissement
live-kind-staff = Une réunion du personnel
live-field-class = Classe ou groupe
live-field-school = Établissement
live-field-programme = Code de la filière
live-field-invite-role = Rôle invité
live-field-invite-scope = Périmètre des invités
live-field-date = Date
live-field-start = Début
live-field-end = Fin
live-field-repeat = Répétition
live-repeat-once = Une seule fois
live-repeat-weekly = Chaque semaine
live-field-until = Jusqu’au (chaque semaine)
live-when = Quand
live-host = Animée par
live-host-joins = Vous animez cette séance : vous partagez votre écran et votre micro.
live-mode = Mode de suivi
live-mode-screen-and-sound = Écran et son (sans caméras)
live-mode-sound-only = Son seulement
live-mode-full = Caméras, écran et son
live-join = Rejoindre
live-over = Cette séance est terminée.
live-opens-at = L’accès ouvre à { $time }.
live-end = Terminer la séance pour tous
live-attendance = Présences
live-nobody-yet = Personne n’a encore rejoint.
live-col-first-join = Arrivée
live-col-last-leave = Départ
live-col-duration = Durée
live-col-minutes = Minutes
live-col-stayed = Jusqu’à la fin
live-stayed = jusqu’à la fin
live-incomplete-report = Le moteur a signalé des départs sans arrivée : la liste peut être incomplète.
live-attendance-csv = Télécharger les présences (CSV)
live-recordings = Enregistrements
live-no-recordings = Aucun enregistrement.
live-recording-pending = en attente
live-recording-converting = en cours de conversion
live-recording-ready = prêt
live-recording-failed = échec de la conversion
live-recording-capsule = capsule brouillon
live-enter-room = Entrer dans la salle
live-player-missing = Le lecteur des classes en direct n’est pas installé sur ce serveur : la salle ne peut pas s’ouvrir dans la page.
live-status-connecting = Connexion à la salle…
live-status-live = En direct.
live-status-waiting = L’animateur n’est pas encore là : la séance commencera dès qu’il partagera son écran.
live-status-ended = La séance est terminée.
live-status-failed = La connexion à la salle a échoué. Rechargez la page pour réessayer.
live-status-unsupported = Ce navigateur ne permet pas de suivre une classe en direct.
live-status-share-refused = Le partage d’écran a été refusé ou interrompu.
live-status-sharing = En direct : votre écran et votre micro sont partagés.
live-status-not-sharing = En direct : votre écran n’est pas partagé.
live-mic-mute = Couper le micro
live-mic-unmute = Rétablir le micro
live-share-stop = Arrêter le partage d’écran
live-share-start = Partager l’écran
live-needs-script = Pour suivre la séance dans la page, activez JavaScript.
live-join-closed = L’accès à cette séance n’est pas ouvert maintenant : il ouvre quelques minutes avant le début et ferme à la fin.
live-engine-down = Le service de classes en direct ne répond pas. Réessayez dans un instant ; la séance et les présences sont conservées.
live-engine-refused = Le service de classes en direct a refusé la demande. Réessayez dans un instant ; la séance est conservée.
live-no-such-room = La salle de cette séance n’existe plus sur le service de classes en direct.
live-invalid = Une valeur a été refusée par le service de classes en direct.
live-files = Un fichier du service de classes en direct n’a pas pu être lu ou écrit.
live-conversion-failed = La conversion de l’enregistrement a échoué ; l’enregistrement brut est conservé.
live-callback-refused = Un message du service de classes en direct a été refusé.
live-unsupported = Ce service de classes en direct ne fournit pas ses enregistrements sous forme d’un fichier vidéo : la capsule n’a pas pu être faite.
live-recording-no-lesson = Aucune leçon ne peut recevoir cet enregistrement (réunion du personnel, ou l’animateur n’enseigne aucune matière à cette classe).
live-recording-interrupted = La conversion a été interrompue (le serveur s’est arrêté) ; vous pouvez la relancer.
live-store = L’enregistrement n’a pas pu être inscrit dans la base ; vous pouvez le relancer.
live-media = Le fichier de l’enregistrement a été refusé par la chaîne vidéo.
live-recording-failed-other = La conversion de l’enregistrement a échoué.
live-recording-retry = Relancer la conversion
live-recording-not-failed = Cet enregistrement n’est pas en échec : il n’y a rien à relancer.
home-live = Classes en direct
home-live-now = En direct : { $title }
home-live-next = Prochaine séance : { $title }, { $when }
home-live-none = Aucune séance prévue.
class-live-attendance = Présence aux classes en direct (30 derniers jours)
class-live-held = Séances tenues
class-live-attended = Séances suivies
err-in-the-past = Cette date est déjà passée.
err-end-not-after-start = La fin doit venir après le début.
err-until-before-start = La date de fin de la série précède la première séance.
err-series-too-long = Une série ne peut pas dépasser un an.
err-no-invitees = Cette réunion n’invite personne.
err-not-staff = Une réunion du personnel n’invite que du personnel.
err-too-many = Trop d’invitations.
err-session-overlap = Vous animez déjà une séance à ce moment-là.
err-not-yours = Vous ne pouvez pas programmer de séance pour ce public.
err-unknown-programme = Filière inconnue.
err-not-a-programme-establishment = Cet établissement n’a pas de filières.
err-not-the-scheduler = Vous animez les séances que vous programmez.

## Help centre (issue 18)
hc-title = Centre d’aide
hc-intro = Des réponses courtes aux questions fréquentes : se connecter, économiser les données, utiliser Lawha hors connexion.
hc-search-label = Chercher dans l’aide
hc-suggest-heading = Ces articles peuvent vous aider :
hc-found = { $count ->
    [0] Aucun article trouvé
    [one] Un article trouvé
   *[other] { $count } articles trouvés
}
hc-nothing = Aucun article ne correspond. Essayez d’autres mots.
hc-empty = Aucun article pour le moment.
hc-more-help = Vous n’avez pas trouvé ? Votre enseignant, votre établissement ou la ligne d’assistance peuvent vous aider.
hc-draft = brouillon
hc-draft-notice = Brouillon : seules les personnes qui rédigent l’aide voient cet article.
hc-back = Centre d’aide
hc-new = Nouvel article
hc-edit = Modifier cet article
hc-new-title = Nouvel article d’aide
hc-edit-title = Modifier l’article d’aide
hc-save = Enregistrer
hc-marks-hint = Texte simple : une ligne vide entre les paragraphes, « ## » avant un titre, « - » avant chaque élément d’une liste, **mots** en gras.
hc-field-slug = Adresse (lettres, chiffres et tirets)
hc-field-topic = Thème
hc-field-title_ar = Titre en arabe
hc-field-title_fr = Titre en français
hc-field-body_ar = Texte en arabe
hc-field-body_fr = Texte en français
hc-field-published = Publié (visible de tous)
hc-topic-sign-in = Se connecter
hc-topic-data-saver = Économiser les données
hc-topic-offline = Hors connexion
hc-topic-video = Vidéos
hc-topic-exercises = Exercices
hc-topic-other = Autres questions
login-help-centre = Centre d’aide
login-browse = Parcourir les leçons et les capsules sans se connecter
err-invalid-slug = Adresse invalide : lettres minuscules, chiffres et tirets (au moins 2).
slips-print = Imprimer les fiches d’accès (PDF)
slips-hint = Une fiche par élève, avec un nouveau code à usage unique. Chaque code donné est noté.
slips-pupil-code = Code élève
slips-one-time-code = Code à usage unique
slips-note = { $hours ->
    [one] Sur Lawha, « J’ai un code à usage unique » : valable une heure, une seule fois.
   *[other] Sur Lawha, « J’ai un code à usage unique » : valable { $hours } heures, une seule fois.
}
## Families (issue 18): a parent's page for a child, the weekly summary
child-title = Suivi de mon enfant
child-download-csv = Télécharger le résumé (CSV)
child-print-hint = Pour l’imprimer ou l’enregistrer en PDF, imprimez cette page.
child-week = Cette semaine
child-period = Du { $from } au { $to }
child-capsules-watched = Capsules regardées
child-answers = Réponses aux exercices
child-answers-right = Réponses justes
child-capsules-watched-n = { $count ->
    [0] Aucune capsule regardée
    [one] { $count } capsule regardée
   *[other] { $count } capsules regardées
}
child-answers-n = { $count ->
    [0] Aucune réponse aux exercices
    [one] { $count } réponse aux exercices
   *[other] { $count } réponses aux exercices
}
child-answers-right-n = { $count ->
    [0] aucune juste
    [one] { $count } juste
   *[other] { $count } justes
}
child-assignments = Travail donné
child-no-assignments = Aucun travail donné pour le moment.
child-col-work = Travail
child-col-due = À rendre le
child-col-state = État
child-assignment-done = Fait
child-assignment-open = À faire
child-assignment-late = En retard
child-mastery = Maîtrise par matière (leçons)
child-no-mastery = Pas encore de leçons suivies.
child-col-subject = Matière
child-results = Résultats récents
child-no-results = Pas encore de résultats.
child-col-set = Exercices
child-col-answers = Réponses
child-col-mean = Score moyen
child-col-last = Dernière fois
child-live = Classes en direct à venir
child-csv-section = Rubrique
child-csv-what = Élément
child-csv-value = Valeur
child-csv-date = Date
mail-weekly-subject = Lawha : la semaine de vos enfants
mail-weekly-hello = Bonjour { $name },

    Voici ce que vos enfants ont fait sur Lawha ces sept derniers jours.
mail-weekly-period = Du { $from } au { $to }
mail-weekly-more = Le détail :
mail-weekly-footer = Vous recevez ce message chaque semaine parce que l’établissement de votre enfant a lié votre compte au sien.

## Announcements (issue 18)
ann-title = Annonces
ann-new = Nouvelle annonce
ann-for-you = Pour vous
ann-none = Aucune annonce pour le moment.
ann-new-tag = Nouveau
ann-posted = Vos annonces
ann-none-posted = Vous n’avez publié aucune annonce.
ann-col-title = Titre
ann-col-date = Publiée le
ann-col-reach = Lue
ann-reach = Lue par { $read } sur { $concerned }
ann-until = jusqu’au { $date }
ann-place = Destinataires
ann-level = Niveau ou filière
ann-all-levels = Tous
ann-audience = Public
ann-audience-everyone = Tout le monde
ann-audience-staff = Personnel seulement
ann-audience-learners = Élèves et stagiaires seulement
ann-title-ar = Titre en arabe
ann-body-ar = Texte en arabe
ann-title-fr = Titre en français
ann-body-fr = Texte en français
ann-ends-on = Dernier jour (facultatif)
ann-post = Publier
home-announcements = Annonces
