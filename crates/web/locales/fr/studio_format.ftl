# Studio: new capsule, list columns and filters; sizes and measures in sentences;
# assigning the same work twice.

fmt-upload-hint = Jusqu’à { $size }. Le dépôt reprend là où il s’était arrêté si la connexion est coupée.
fmt-master-export = Préparer le master de diffusion ({ $loudness })
fmt-download-size = Télécharger la vidéo ({ $size })

studio-new-capsule = Nouvelle capsule
studio-filter-level = Niveau
studio-filter-subject = Matière
studio-col-level = Niveau
studio-col-subject = Matière
studio-col-lesson = Leçon
studio-choose-intro = Choisissez le niveau, puis la matière, puis la leçon de la capsule.
studio-choose-level = Niveau ou filière
studio-choose-subject = Matière
studio-choose-lesson = Leçon (par unité)
studio-choose-no-subjects = Ce niveau n’a encore aucune unité. Ajoutez-en depuis le programme :
studio-choose-no-lessons = Cette matière n’a encore aucune leçon à ce niveau.
studio-choose-next = Continuer
studio-choose-open = Créer la capsule de cette leçon
studio-unknown-level = Choisissez un niveau de la liste.
studio-unknown-subject = Cette matière n’a pas d’unités à ce niveau : choisissez-en une de la liste.
studio-unknown-lesson = Cette leçon n’existe pas (ou plus) : choisissez-la ci-dessous.

class-done-already-assigned = Ce travail est déjà donné à ces élèves et n’est pas encore échu. Attendez sa date limite, ou choisissez d’autres élèves.
err-already-assigned = Déjà donné à cette classe : attendez sa date limite avant de le redonner.
